import { Registry } from 'prom-client';
import { RequestHistogram, TwoLabelCounter } from './hot-metrics.js';

describe('hot-path metrics rendered by prom-client', () => {
  it('a two-label counter counts per combination', async () => {
    const c = new TwoLabelCounter('t_checks_total', 'checks', ['purpose', 'verdict']);
    const r = new Registry();
    r.registerMetric(c as never);
    for (const [p, v] of [
      ['honours', 'clear'],
      ['honours', 'clear'],
      ['honours', 'restricted'],
      ['financing', 'clear'],
    ] as const)
      c.inc(p, v);
    const text = await r.metrics();
    expect(text).toContain('# TYPE t_checks_total counter');
    expect(text).toContain('t_checks_total{purpose="honours",verdict="clear"} 2');
    expect(text).toContain('t_checks_total{purpose="honours",verdict="restricted"} 1');
    expect(text).toContain('t_checks_total{purpose="financing",verdict="clear"} 1');
  });

  it.each([
    [0.004, ['1', '1', '1']],
    [0.05, ['0', '1', '1']],
    [3, ['0', '0', '0']],
  ])('a request of %s s lands in the cumulative buckets %j (le 0.01, 0.1, 1) and +Inf', async (seconds, expected) => {
    const h = new RequestHistogram('t_http_seconds', 'requests', [0.01, 0.1, 1]);
    const r = new Registry();
    r.registerMetric(h as never);
    h.observe('GET', '/api/v1/checks/:code', 200, seconds);
    const text = await r.metrics();
    const labels = 'method="GET",route="/api/v1/checks/:code",status="200"';
    expect(text).toContain(`t_http_seconds_bucket{${labels},le="0.01"} ${expected[0]}`);
    expect(text).toContain(`t_http_seconds_bucket{${labels},le="0.1"} ${expected[1]}`);
    expect(text).toContain(`t_http_seconds_bucket{${labels},le="1"} ${expected[2]}`);
    expect(text).toContain(`t_http_seconds_bucket{${labels},le="+Inf"} 1`);
    expect(text).toContain(`t_http_seconds_count{${labels}} 1`);
    expect(text).toContain(`t_http_seconds_sum{${labels}} ${seconds}`);
  });
});

import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { RequestHistogram, TwoLabelCounter } from './hot-metrics.js';

/**
 * The registry's Prometheus metrics (issue 21, docs/operations.md). One registry per process; `GET /metrics`
 * renders it. Hot-path metrics (requests, checks) are plain increments (hot-metrics.ts); everything that needs a
 * read (pool, check-log buffer, replica lag) is read when Prometheus scrapes, never on a request.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'qcr_' });

/** Every HTTP request, Nest routes and fast lanes alike (a Fastify onResponse hook, configureHttp). */
export const httpRequestDuration = new RequestHistogram(
  'qcr_http_request_duration_seconds',
  'HTTP request duration by method, route template and status',
  [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2, 5],
);
metricsRegistry.registerMetric(httpRequestDuration as never);

/** Every check answered (single, batch row, upload row), by purpose and verdict: one increment each. */
export const checksTotal = new TwoLabelCounter('qcr_checks_total', 'Checks answered, by purpose and verdict', ['purpose', 'verdict']);
metricsRegistry.registerMetric(checksTotal as never);

/** Scheduled jobs (expiry, daily regrade): runs by job and outcome (completed | failed). */
export const jobRunsTotal = new Counter({
  name: 'qcr_job_runs_total',
  help: 'Scheduled job runs by job and outcome',
  labelNames: ['job', 'outcome'],
  registers: [metricsRegistry],
});

/** What a gauge reads at scrape time; sources register themselves (the pool at start-up, the check-log writer). */
type Probe = () => number | null | Promise<number | null>;
const probes = new Map<string, Probe>();

/** Registers (or replaces) the reading behind one of the scrape-time gauges below. */
export function registerMetricProbe(name: 'pool_total' | 'pool_idle' | 'pool_waiting' | 'check_log_buffer' | 'replica_lag', probe: Probe): void {
  probes.set(name, probe);
}

function scrapeGauge(name: string, help: string, probe: string): void {
  new Gauge({
    name,
    help,
    registers: [metricsRegistry],
    async collect() {
      const read = probes.get(probe);
      const value = read ? await read() : null;
      if (value === null || value === undefined || Number.isNaN(value)) this.reset();
      else this.set(value);
    },
  });
}

scrapeGauge('qcr_db_pool_connections', 'Connections in the API database pool', 'pool_total');
scrapeGauge('qcr_db_pool_idle', 'Idle connections in the API database pool', 'pool_idle');
scrapeGauge('qcr_db_pool_waiting', 'Queries waiting for a pool connection (pool wait: > 0 for long means the pool is the bottleneck)', 'pool_waiting');
scrapeGauge('qcr_check_log_buffer_rows', 'Check-log rows buffered in memory, not yet written', 'check_log_buffer');
scrapeGauge('qcr_replica_lag_seconds', 'Largest replay lag of a streaming replica (absent without replicas)', 'replica_lag');

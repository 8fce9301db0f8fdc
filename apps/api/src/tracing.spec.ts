import { startTracingIfConfigured } from './tracing.js';

describe('OpenTelemetry switch (OTEL_* variables)', () => {
  it.each([
    ['no OTEL variables', {}],
    ['OTEL_SDK_DISABLED', { OTEL_TRACES_EXPORTER: 'console', OTEL_SDK_DISABLED: 'true' }],
  ])('stays off with %s', async (_why, env) => {
    expect(await startTracingIfConfigured(env)).toBeNull();
  });

  it('starts the SDK when OTEL_TRACES_EXPORTER is set, and stops it', async () => {
    const stop = await startTracingIfConfigured({ OTEL_TRACES_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none', OTEL_LOGS_EXPORTER: 'none' });
    expect(stop).toEqual(expect.any(Function));
    await stop!();
  });
});

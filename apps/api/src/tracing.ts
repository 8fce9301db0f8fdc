/**
 * OpenTelemetry tracing, switched by the standard variables (issue 21, docs/operations.md): only when
 * OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_TRACES_EXPORTER is set (and OTEL_SDK_DISABLED is not "true") is the SDK loaded
 * — by dynamic import, so with tracing off none of it is in memory (the API's ≤ 300 MB RSS budget). The SDK reads
 * the rest of OTEL_* itself (service name, sampler, headers, protocol). Spans: incoming HTTP and pg queries.
 */
export async function startTracingIfConfigured(env: NodeJS.ProcessEnv = process.env): Promise<(() => Promise<void>) | null> {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT && !env.OTEL_TRACES_EXPORTER) return null;
  if (env.OTEL_SDK_DISABLED === 'true') return null;
  const [{ NodeSDK }, { HttpInstrumentation }, { PgInstrumentation }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/instrumentation-http'),
    import('@opentelemetry/instrumentation-pg'),
  ]);
  const sdk = new NodeSDK({
    serviceName: env.OTEL_SERVICE_NAME ?? 'quality-credit-registry',
    instrumentations: [new HttpInstrumentation(), new PgInstrumentation()],
  });
  sdk.start();
  return () => sdk.shutdown();
}

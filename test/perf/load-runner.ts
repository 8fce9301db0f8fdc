import autocannon from 'autocannon';
import { readFileSync } from 'node:fs';
import { defined } from '../helpers/defined.js';

/**
 * Runs one autocannon measurement in its own process (so the load generator's CPU does not
 * count against the server's event loop) and prints one JSON line. Argument: a JSON file with
 * { url, paths[], headers, duration, connections }. Each request takes the next path in turn.
 */
export interface LoadSpec {
  url: string;
  paths: string[];
  headers?: Record<string, string>;
  /** POST with bodies[i] for paths[i] (JSON; the person check sends the ID number in the body, issue 18) */
  bodies?: string[];
  duration: number;
  connections: number;
}

export interface LoadResult {
  requestsPerSec: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(defined(process.argv[2], 'the load spec file (argument 1)'), 'utf8')) as LoadSpec;
  let i = 0;
  const result = await autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.duration,
    headers: spec.headers,
    timeout: 30,
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => {
          const k = i++ % spec.paths.length;
          req.path = spec.paths[k];
          if (spec.bodies) {
            req.method = 'POST';
            req.body = spec.bodies[k];
            req.headers = { ...(req.headers as object), 'content-type': 'application/json' };
          }
          return req;
        },
      },
    ] as never,
  });
  const out: LoadResult = {
    requestsPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
  console.log(JSON.stringify(out));
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadResult, LoadSpec } from './load-runner.js';

/**
 * wrk (Debian package `wrk`: `apt-get install wrk`) as the load generator when it is installed: a C
 * program using a small share of one core, where autocannon runs in Node and takes most of one of
 * this machine's two cores away from the server being measured. One thread, `connections`
 * keep-alive connections; each request takes the next path of the list (a Lua script).
 */
export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    // wrk --version prints its banner and exits 1; only a missing binary is ENOENT
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

const LUA = `
local paths = {}
for line in io.lines(os.getenv("QCR_WRK_PATHS")) do paths[#paths + 1] = line end
local headers = {}
for line in io.lines(os.getenv("QCR_WRK_HEADERS")) do
  local k, v = line:match("^([^:]+): (.*)$")
  if k then headers[k] = v end
end
local bodies = nil
if os.getenv("QCR_WRK_BODIES") then
  bodies = {}
  for line in io.lines(os.getenv("QCR_WRK_BODIES")) do bodies[#bodies + 1] = line end
  headers["Content-Type"] = "application/json"
end
local i = 0
request = function()
  i = i % #paths + 1
  if bodies then return wrk.format("POST", paths[i], headers, bodies[i]) end
  return wrk.format("GET", paths[i], headers)
end
`;

/** "12.34ms" / "850.00us" / "1.02s" → milliseconds */
function toMs(value: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  return m[2] === 'us' ? n / 1000 : m[2] === 's' ? n * 1000 : n;
}

export function parseWrk(out: string): LoadResult {
  const pct = (p: string) => toMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(out)?.[1] ?? '');
  const total = Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    requestsPerSec: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    p50: pct('50'),
    p99: pct('99'),
    total,
    non2xx: Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0),
    errors: socket ? Number(socket[1]) + Number(socket[2]) + Number(socket[3]) : 0,
    timeouts: socket ? Number(socket[4]) : 0,
  };
}

export async function runWrk(spec: LoadSpec): Promise<LoadResult> {
  const base = join(tmpdir(), `qcr-wrk-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  writeFileSync(`${base}.lua`, LUA);
  writeFileSync(`${base}.paths`, spec.paths.join('\n') + '\n');
  writeFileSync(
    `${base}.headers`,
    Object.entries(spec.headers ?? {})
      .map(([k, v]) => `${k}: ${v}`)
      .join('\n') + '\n',
  );
  if (spec.bodies) writeFileSync(`${base}.bodies`, spec.bodies.join('\n') + '\n');
  const out = await new Promise<string>((resolve, reject) =>
    execFile(
      'wrk',
      ['-t1', `-c${spec.connections}`, `-d${spec.duration}s`, '--timeout', '30s', '--latency', '-s', `${base}.lua`, spec.url],
      {
        env: {
          ...process.env,
          QCR_WRK_PATHS: `${base}.paths`,
          QCR_WRK_HEADERS: `${base}.headers`,
          ...(spec.bodies ? { QCR_WRK_BODIES: `${base}.bodies` } : {}),
        },
        maxBuffer: 1 << 20,
      },
      (err, stdout, stderr) => (err ? reject(new Error(`wrk failed: ${err.message} ${stderr}`)) : resolve(stdout)),
    ),
  );
  return parseWrk(out);
}

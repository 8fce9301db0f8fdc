import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LoadResult, LoadSpec } from './load-runner.js';
import { runWrk, wrkAvailable } from './wrk.js';

const here = dirname(fileURLToPath(import.meta.url)); // dist/test/perf
export const distRoot = resolve(here, '..', '..');

export interface Server {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} not ready after ${timeoutMs} ms`);
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((done) => {
      if (child.exitCode !== null || child.signalCode) return done();
      const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(t);
        done();
      });
      child.kill('SIGTERM');
    });
}

/**
 * The environment and node flags `npm start` gives the API (package.json), e.g. its heap cap and
 * MALLOC_ARENA_MAX, so the bench runs the API as shipped.
 */
export function apiLaunch(): { env: Record<string, string>; flags: string[] } {
  const pkg = JSON.parse(readFileSync(join(distRoot, '..', 'package.json'), 'utf8')) as { scripts: { start: string } };
  const m = /((?:\b[A-Z_]+=\S+ )*)node((?: --\S+)*) dist\/apps\/api\/src\/main\.js/.exec(pkg.scripts.start);
  if (!m) throw new Error(`package.json "start" does not run dist/apps/api/src/main.js: ${pkg.scripts.start}`);
  const env = Object.fromEntries(
    (m[1] ?? '')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map((kv) => kv.split('=') as [string, string]),
  );
  return { env, flags: (m[2] ?? '').trim().split(/\s+/).filter(Boolean) };
}

const benchLimits = {
  QCR_RATE_LIMIT_PER_MINUTE: '100000000',
  QCR_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000000',
  QCR_LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
};

/** The built API (dist/apps/api/src/main.js) on the bench database, as production would run it. */
export async function startApi(env: Record<string, string>, port: number, log: (s: string) => void): Promise<Server> {
  const launch = apiLaunch();
  // BENCH_API_NODE_FLAGS: node flags for the API alone, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS
  // refuses --cpu-prof, and would profile the bench too); a profile is written when the API exits at the bench's end
  const extra = (process.env.BENCH_API_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...launch.flags, ...extra, join(distRoot, 'apps/api/src/main.js')], {
    // The bench sends everything from 127.0.0.1 with one key and one token: both rate-limit buckets
    // (per address, per identity) must sit far above its load unless the caller says otherwise.
    env: { ...process.env, ...launch.env, ...benchLimits, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const keep = (d: Buffer) => {
    tail.push(d.toString());
    if (tail.length > 50) tail.shift();
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(async () => (await fetch(`${url}/health/ready`)).ok, 180_000, 'API', child);
  } catch (err) {
    log(tail.join(''));
    throw err;
  }
  return { child, url, stop: stopper(child) };
}

/** The floor baselines (floor-server.ts): /probe, /check and /batch on node:http + pg. */
export async function startFloorServer(databaseUrl: string, port: number): Promise<Server> {
  const child = spawn(process.execPath, [join(here, 'floor-server.js')], {
    env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<string>((res, rej) => {
    child.once('exit', (code) => rej(new Error(`floor server exited with code ${code}`)));
    child.stdout.once('data', (d: Buffer) => res(d.toString()));
  });
  return { child, url: `http://127.0.0.1:${port}`, stop: stopper(child) };
}

/** Which load generator `runLoad` uses: wrk when installed, else autocannon (printed in the report). */
export const LOAD_GENERATOR: 'wrk' | 'autocannon' = wrkAvailable() ? 'wrk' : 'autocannon';

/** One load run: wrk, or autocannon in a separate node process. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  return LOAD_GENERATOR === 'wrk' ? runWrk(spec) : runAutocannon(spec);
}

/** One autocannon run in a separate node process. */
async function runAutocannon(spec: LoadSpec): Promise<LoadResult> {
  const file = join(tmpdir(), `qcr-load-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const child = spawn(process.execPath, [join(here, 'load-runner.js'), file], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((res) => child.once('exit', res));
  if (code !== 0) throw new Error(`load runner failed (${code})`);
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
}

/** Resident set size of a process in MB, from /proc (Linux). */
export function rssMb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Samples a process's RSS every 200 ms until stopped; returns the peak. */
export function sampleRss(pid: number): { stop(): number } {
  let peak = rssMb(pid);
  const timer = setInterval(() => {
    const v = rssMb(pid);
    if (v > peak || !Number.isFinite(peak)) peak = v;
  }, 200);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

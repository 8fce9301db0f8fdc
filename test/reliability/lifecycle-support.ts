import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';

/**
 * The built API (dist/, as `npm start` runs it) on its own embedded PostgreSQL in `dataDir`, for the lifecycle tests:
 * start, kill, stop, start again on the same data. Needs `npm run build` first (npm test does it).
 */
// QCR_LIFECYCLE_MAIN: another build (e.g. of the previous commit) to show a test failing before a fix.
export const MAIN = resolve(process.env.QCR_LIFECYCLE_MAIN ?? 'dist/apps/api/src/main.js');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class ApiProcess {
  child: ChildProcess | undefined;
  output = '';
  readonly password = randomBytes(9).toString('hex');
  readonly apiKey = `qcr_LIFECYCL_${randomBytes(20).toString('hex')}`;

  constructor(
    readonly dataDir: string,
    readonly port: number,
    readonly pgPort: number,
  ) {}

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The embedded server's `qcr` database, for checks after the fact. */
  get databaseUrl(): string {
    return `postgres://postgres:embedded@127.0.0.1:${this.pgPort}/qcr`;
  }

  /** Spawns the API and waits for /health/ready; throws with its output when it exits first. */
  async start(extraEnv: Record<string, string> = {}, timeoutMs = 90_000): Promise<void> {
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(this.port),
      QCR_DATA_DIR: this.dataDir,
      QCR_PG_PORT: String(this.pgPort),
      QCR_SEED_DEMO: 'true',
      QCR_DEMO_PASSWORD: this.password,
      QCR_DEMO_API_KEY: this.apiKey,
      QCR_JWT_SECRET: 'lifecycle-test-secret-'.padEnd(48, 'x'),
      QCR_RATE_LIMIT_PER_MINUTE: '1000000',
      // 16 clients on 127.0.0.1: the per-address bucket (issue 13) must sit above the test's load too.
      QCR_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '1000000',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    };
    if (!extraEnv.DATABASE_URL) delete env.DATABASE_URL; // the replica test passes its own primary
    const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.output = '';
    const keep = (d: Buffer) => (this.output = (this.output + d.toString()).slice(-200_000));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    for (const until = Date.now() + timeoutMs; ; await sleep(200)) {
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`API exited (${child.exitCode ?? child.signalCode}):\n${this.output}`);
      if (
        await fetch(`${this.base}/health/ready`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      if (Date.now() > until) throw new Error(`API not ready in ${timeoutMs} ms:\n${this.output}`);
    }
  }

  /** Sends `signal` and resolves with the exit code (or signal name). */
  async kill(signal: NodeJS.Signals): Promise<number | string> {
    const child = this.child!;
    const exited = new Promise<number | string>((r) => child.once('exit', (code, sig) => r(code ?? sig ?? 'unknown')));
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode!;
    child.kill(signal);
    return exited;
  }

  /** PID of the embedded postmaster (first line of postmaster.pid). */
  postmasterPid(): number {
    return Number(readFileSync(join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  }

  async token(username = 'admin'): Promise<string> {
    const res = await fetch(`${this.base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password: this.password }),
    });
    return ((await res.json()) as { accessToken: string }).accessToken;
  }
}

/** Outcome of one request of the load: when it was sent, how it ended. */
interface Sent {
  at: number;
  status: number | 'failed';
  retryAfter: string | null;
}

/**
 * 8 writers (agency registrations as admin) and 8 partners (single checks with the demo key), each looping until
 * stopped. Records every acknowledged write and answered receipt, and every answer with its send time.
 */
export class Load {
  /** Loads not yet stopped, so that a failed test's afterAll can end them (they would keep jest alive). */
  static readonly active = new Set<Load>();

  readonly run = randomBytes(3).toString('hex');
  readonly acknowledged: string[] = [];
  readonly receipts: string[] = [];
  readonly sent: Sent[] = [];
  private stopped = false;
  private workers: Promise<void>[] = [];

  constructor(
    private readonly api: ApiProcess,
    private readonly token: string,
    private readonly codes: string[],
  ) {}

  start(writers = 8, partners = 8): void {
    Load.active.add(this);
    this.workers = [...Array.from({ length: writers }, (_, w) => this.writer(w)), ...Array.from({ length: partners }, (_, p) => this.partner(p))];
  }

  async stop(): Promise<void> {
    Load.active.delete(this);
    this.stopped = true;
    await Promise.all(this.workers);
  }

  /** Status histogram, for failure messages. */
  summary(): string {
    const by = new Map<string, number>();
    for (const s of this.sent) by.set(String(s.status), (by.get(String(s.status)) ?? 0) + 1);
    return `acknowledged ${this.acknowledged.length}, receipts ${this.receipts.length}, answers ${JSON.stringify(Object.fromEntries(by))}`;
  }

  /** Waits until `enough` holds; throws with what was seen (and the API's output) after `ms`. */
  async until(enough: (l: Load) => boolean, ms = 60_000): Promise<void> {
    for (const end = Date.now() + ms; !enough(this); await sleep(20)) {
      if (Date.now() > end) throw new Error(`load did not get there in ${ms} ms: ${this.summary()}\n${this.api.output.slice(-3000)}`);
    }
  }

  count(pred: (s: Sent) => boolean): number {
    return this.sent.filter(pred).length;
  }

  private async send(url: string, init: RequestInit): Promise<Response | null> {
    const entry: Sent = { at: Date.now(), status: 'failed', retryAfter: null };
    this.sent.push(entry);
    try {
      const res = await fetch(url, init);
      entry.status = res.status;
      entry.retryAfter = res.headers.get('retry-after');
      return res;
    } catch {
      return null; // refused or reset: the API is not listening (killed, restarting, closed)
    }
  }

  private async writer(w: number): Promise<void> {
    for (let i = 0; !this.stopped; i++) {
      const code = `life-${this.run}-${w}-${i}`;
      const res = await this.send(`${this.api.base}/api/v1/admin/agencies`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ code, name: `生命周期测试机构${i}`, department: '测试局', purposes: ['financing'] }),
      });
      if (res?.status === 201) this.acknowledged.push(code);
      await res?.arrayBuffer();
      if (!res || res.status >= 500) await sleep(50);
    }
  }

  private async partner(p: number): Promise<void> {
    for (let i = 0; !this.stopped; i++) {
      const code = this.codes[(p * 7 + i) % this.codes.length];
      const res = await this.send(`${this.api.base}/api/v1/checks/${code}?purpose=government_procurement`, { headers: { 'X-API-Key': this.api.apiKey } });
      if (res?.status === 200) this.receipts.push(((await res.json()) as { receipt: { receiptId: string } }).receipt.receiptId);
      else await res?.arrayBuffer();
      if (!res || res.status >= 500) await sleep(50);
    }
  }
}

/** Codes of demo enterprises to check. */
export async function enterpriseCodes(databaseUrl: string): Promise<string[]> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return (await db.query<{ code: string }>(`SELECT coalesce(uscc, org_code) AS code FROM enterprises.enterprises ORDER BY id LIMIT 50`)).rows.map(
      (r) => r.code,
    );
  } finally {
    await db.end();
  }
}

/** Answered receipts without their check-log row (waits up to `waitMs` for the log's background writes). */
export async function receiptsMissing(db: pg.Client, receipts: string[], waitMs = 0): Promise<string[]> {
  let missing = receipts;
  for (const until = Date.now() + waitMs; ; await sleep(500)) {
    const logged = new Set(
      (await db.query<{ id: string }>(`SELECT receipt_id::text AS id FROM measures.checks WHERE receipt_id = ANY($1::uuid[])`, [missing])).rows.map(
        (r) => r.id,
      ),
    );
    missing = missing.filter((id) => !logged.has(id));
    if (missing.length === 0 || Date.now() >= until) return missing;
  }
}

// Decision → webhook latency (issue 20): `npm run bench:webhooks -- [--receivers 10] [--watched 100000] [--decisions 30]`.
// A listing decided through the API, timed until each of the agency's receivers (on this machine) has its signed POST.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUscc } from '#qcr/identifiers';
import { addDays, freePort, todayInChina } from '#qcr/platform';
import { migrate, openBenchDatabase } from './database.js';
import { startApi } from './processes.js';
import { fmt, percentile } from './stats.js';

const log = (s: string) => process.stderr.write(`[bench:webhooks ${new Date().toISOString().slice(11, 19)}] ${s}\n`);
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

async function main(): Promise<void> {
  const receivers = arg('receivers', 10);
  const watched = arg('watched', 100_000);
  const decisions = arg('decisions', 30);
  const db = await openBenchDatabase(process.env.DATABASE_URL, false, log);
  log(`migrations applied: ${(await migrate(db.url)).length}`);
  const password = randomBytes(12).toString('hex');
  const apiKey = `qcr_BENCHKEY_${randomBytes(24).toString('hex')}`;
  const api = await startApi(
    {
      DATABASE_URL: db.url,
      QCR_DATA_DIR: join(tmpdir(), `qcr-bench-hooks-${process.pid}`, 'pg'),
      QCR_SEED_DEMO: 'true',
      QCR_DEMO_PASSWORD: password,
      QCR_DEMO_API_KEY: apiKey,
      QCR_JWT_SECRET: randomBytes(32).toString('hex'),
      QCR_PII_KEY: `b1:${randomBytes(32).toString('base64')}`,
      QCR_AUDIT_KEY: `b1:${randomBytes(32).toString('base64')}`,
      LOG_LEVEL: 'warn',
      QCR_WEBHOOKS_ENABLED: 'true',
      QCR_WEBHOOKS_ALLOW_PRIVATE: 'true',
    },
    await freePort(),
    log,
  );
  const arrivals = new Map<string, number[]>(); // enterprise id → arrival times of its listing event
  const servers = await Promise.all(
    Array.from(
      { length: receivers },
      () =>
        new Promise<{ server: http.Server; url: string }>((resolve) => {
          const server = http.createServer((req, res) => {
            let body = '';
            req.on('data', (c: Buffer) => (body += c.toString()));
            req.on('end', () => {
              const at = performance.now();
              const { event } = JSON.parse(body) as { event?: { cause?: string; after?: { listed?: boolean }; enterpriseId: string } };
              if (event?.cause === 'listing' && event.after?.listed) arrivals.set(event.enterpriseId, [...(arrivals.get(event.enterpriseId) ?? []), at]);
              res.end();
            });
          });
          server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook` }));
        }),
    ),
  );
  try {
    const json = (method: string, body: unknown, headers: Record<string, string>) => ({
      method,
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    const login = async (username: string) => ({
      Authorization: `Bearer ${((await (await fetch(`${api.url}/api/v1/auth/login`, json('POST', { username, password }, {}))).json()) as { accessToken: string }).accessToken}`,
    });
    const partner = { 'X-API-Key': apiKey };
    for (let i = 0; i < 40 && (await fetch(`${api.url}/api/v1/watchlists`, { headers: partner })).status === 401; i++)
      await new Promise((r) => setTimeout(r, 500));
    for (const s of servers) if ((await fetch(`${api.url}/api/v1/webhooks`, json('POST', { url: s.url }, partner))).status !== 201) throw new Error('webhook');
    const codes = Array.from({ length: decisions }, () => randomUscc());
    const list = [...codes, ...Array.from({ length: Math.max(0, watched - decisions) }, () => randomUscc())];
    const form = new FormData();
    form.set('purpose', 'government_procurement');
    form.set('file', new Blob([`code\n${list.join('\n')}\n`]), 'watch.csv');
    const put = await fetch(`${api.url}/api/v1/watchlists/bench`, { method: 'PUT', headers: partner, body: form });
    log(`watchlist: ${put.status} ${JSON.stringify(((await put.json()) as { watchlist?: unknown }).watchlist ?? {})}`);
    const [registrar, officer, reviewer] = [await login('registrar'), await login('officer'), await login('reviewer')];
    const latencies: number[] = [];
    for (const code of codes) {
      const e = (await (
        await fetch(`${api.url}/api/v1/enterprises`, json('POST', { code, name: `回调延迟测试${code.slice(-6)}有限公司`, industryCode: 'C' }, registrar))
      ).json()) as { id: string };
      const proposal = (await (
        await fetch(
          `${api.url}/api/v1/listings`,
          json(
            'POST',
            {
              enterprise: code,
              listType: 'quality_serious_dishonesty',
              reason: '生产销售不合格产品，受到较重行政处罚',
              legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条',
              penaltyDocumentNumber: `测罚〔2025〕${randomBytes(3).toString('hex')}号`,
              penaltyDecidedOn: addDays(todayInChina(), -30),
              penaltyAuthority: '厦门市市场监督管理局',
            },
            officer,
          ),
        )
      ).json()) as { id: string };
      await fetch(`${api.url}/api/v1/listings/${proposal.id}/notify`, json('POST', {}, officer));
      await fetch(`${api.url}/api/v1/listings/${proposal.id}/statements`, json('POST', { kind: 'waiver', summary: '企业书面放弃陈述申辩' }, officer));
      const t0 = performance.now();
      const decided = await fetch(
        `${api.url}/api/v1/listings/${proposal.id}/decide`,
        json('POST', { decisionNumber: `测列〔2025〕${proposal.id.slice(0, 6)}号` }, reviewer),
      );
      if (decided.status >= 300) throw new Error(`decide: ${decided.status} ${await decided.text()}`);
      for (const end = Date.now() + 30_000; (arrivals.get(e.id)?.length ?? 0) < receivers; await new Promise((r) => setTimeout(r, 5))) {
        if (Date.now() > end) throw new Error(`only ${arrivals.get(e.id)?.length ?? 0} of ${receivers} receivers got ${e.id}`);
      }
      latencies.push(...arrivals.get(e.id)!.map((at) => at - t0));
    }
    const result = {
      receivers,
      watchedCodes: list.length,
      decisions,
      deliveries: latencies.length,
      p50ms: fmt(percentile(latencies, 50)),
      p99ms: fmt(percentile(latencies, 99)),
      maxMs: fmt(Math.max(...latencies)),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    for (const s of servers) s.server.close();
    await api.stop();
    await db.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

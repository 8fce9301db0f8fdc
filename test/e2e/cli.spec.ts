import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { generateEnterpriseCsv } from '#qcr/enterprises';
import { expect } from '@jest/globals';
import { ownTestDatabase } from '../helpers/own-database.js';

/**
 * The built admin CLI (dist/, as an operator runs it) on its own database: `seed enterprises --count N`
 * and `import enterprises FILE` with its progress output. Needs `npm run build` first (npm test does it).
 */
const CLI = resolve('dist/apps/cli/src/main.js');
const run = promisify(execFile);

describe('admin CLI: seed enterprises and import with progress', () => {
  const own = ownTestDatabase('cli');
  const url = own.url;
  const dir = mkdtempSync(join(tmpdir(), 'qcr-cli-test-'));
  const env = {
    ...process.env,
    DATABASE_URL: url,
    QCR_JWT_SECRET: 'cli-test-secret-'.padEnd(48, 'x'),
    QCR_DATA_DIR: join(dir, 'pg'),
    LOG_LEVEL: 'silent',
    QCR_PII_KEY: process.env.QCR_TEST_PII_KEY,
    QCR_AUDIT_KEY: process.env.QCR_TEST_AUDIT_KEY,
  };
  const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { env, maxBuffer: 1 << 24 });
  const db = new pg.Pool({ connectionString: url, max: 1 });
  /** The one row of an aggregate or a LIMIT 1 query. */
  const one = async <Row extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<Row> => {
    const {
      rows: [row],
    } = await db.query<Row>(sql, params);
    if (!row) throw new Error(`no row: ${sql}`);
    return row;
  };
  const count = async () => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM enterprises.enterprises`)).n;

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before this test`);
    await own.create();
  });
  afterAll(async () => {
    await db.end();
    await own.drop();
  });

  it('seed enterprises --count N generates N valid enterprises, and a re-run with the same seed adds none', async () => {
    const first = await cli('seed', 'enterprises', '--count', '500');
    expect(first.stdout).toMatch(/Generated 500 enterprises \(generator seed 1\): 500 new, 0 already present/);
    expect(await count()).toBe(500);
    const { n } = await one<{ n: number }>(`SELECT count(*)::int AS n FROM enterprises.enterprises WHERE uscc IS NOT NULL AND substr(uscc, 9, 9) = org_code`);
    expect(n).toBeGreaterThan(400); // most generated enterprises carry a USCC embedding their org code
    const again = await cli('seed', 'enterprises', '--count', '500');
    expect(again.stdout).toMatch(/: 0 new, 500 already present/);
    expect(await count()).toBe(500);
  }, 120_000);

  it('seed enterprises rejects a missing or bad --count with a message and exit code 1', async () => {
    await expect(cli('seed', 'enterprises')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/--count/) });
    await expect(cli('seed', 'enterprises', '--count', '0')).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/--count must be an integer/) });
    expect(await count()).toBe(500);
  }, 120_000);

  it('import enterprises FILE reports progress and the outcome, bad rows by line', async () => {
    let csv = '';
    for (const chunk of generateEnterpriseCsv(3_000, 99)) csv += chunk;
    const file = join(dir, 'enterprises.csv');
    writeFileSync(file, `${csv.trimEnd()}\n,,no code at all,,,,,,,,\n`);
    const out = await cli('import', 'enterprises', file);
    expect(out.stdout).toMatch(/3001 rows read, 3000 inserted, 0 updated, 0 unchanged, 1 rejected/);
    expect(out.stdout).toMatch(/line 3002 {2}uscc {2}required/);
    // stderr is a pipe here, so the bar prints plain lines (at most one per 10 %), each with a bar and a rate
    const lines = out.stderr
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('['));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) expect(l).toMatch(/^\[[#-]{28}\] +\d+% [\d,]+ rows \([\d,]+\/s/);
    expect(await count()).toBe(3_500);
  }, 120_000);

  it('reference update FILE loads a newer GB/T 2260 edition: versioned, audited, refused whole when malformed', async () => {
    const file = join(dir, 'gbt2260-change.json');
    writeFileSync(
      file,
      JSON.stringify({
        standard: 'GB/T 2260',
        edition: 'CLI test edition',
        source: 'MCA change list (test)',
        divisions: [
          { code: '654203', name: '沙湾市', level: 'county', parentCode: '654200', validFrom: '2021-01-01' },
          { code: '654223', name: '沙湾县', level: 'county', parentCode: '654200', validUntil: '2021-01-01', successorCode: '654203' },
        ],
      }),
    );
    const out = await cli('reference', 'update', file);
    expect(out.stdout).toMatch(/GB\/T 2260 edition "CLI test edition" loaded as edition #\d+: 2 rows read, \d+ added, \d+ changed, 1 newly retired/);
    const { rows } = await db.query<{
      successor_code: string;
      edition: string;
      audited: number;
    }>(`SELECT d.successor_code, d.edition, (SELECT count(*)::int FROM audit.entries a WHERE a.action = 'reference.edition-loaded') AS audited
      FROM enterprises.divisions d WHERE d.code = '654223'`);
    expect(rows[0]).toMatchObject({ successor_code: '654203', edition: 'CLI test edition', audited: 1 });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ standard: 'GB/T 4754', industries: [{ code: 'Z1', nameZh: '' }] }));
    await expect(cli('reference', 'update', bad)).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/edition: required/) });
  }, 120_000);

  it('keys rotate re-seals and re-digests everything under the new key; the old key alone is then refused', async () => {
    const oldKey = process.env.QCR_TEST_PII_KEY!;
    const newKey = `r2:${randomBytes(32).toString('base64')}`;
    const sealedBy = async (kid: string) =>
      Number(
        (
          await one<{ count: string }>(`SELECT count(*) FROM enterprises.enterprises WHERE legal_rep_id_enc LIKE $1 AND legal_rep_phone LIKE $1`, [
            `v2:${kid}:%`,
          ])
        ).count,
      );
    expect(await sealedBy('t1')).toBe(3_500);
    const before = await one<{ id: string; hash: string }>(`SELECT id, legal_rep_id_hash AS hash FROM enterprises.enterprises ORDER BY id LIMIT 1`);
    const versionCount = async () => (await one<{ n: number }>(`SELECT count(*)::int AS n FROM enterprises.enterprise_versions`)).n;
    const versions = await versionCount();

    const out = await run(process.execPath, [CLI, 'keys', 'rotate'], { env: { ...env, QCR_PII_KEY: `${newKey},${oldKey}` }, maxBuffer: 1 << 24 });
    expect(out.stdout).toMatch(/Personal data now under key r2: 3500 record\(s\), \d+ version\(s\)/);
    expect(await sealedBy('r2')).toBe(3_500);
    const after = await one<{ hash: string }>(`SELECT legal_rep_id_hash AS hash FROM enterprises.enterprises WHERE id = $1`, [before.id]);
    expect(after.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(after.hash).not.toBe(before.hash);
    const leftInHistory = await one<{ n: number }>(
      `SELECT count(*)::int AS n FROM enterprises.enterprise_versions WHERE data->>'legal_rep_id_enc' NOT LIKE 'v2:r2:%'`,
    );
    expect(leftInHistory.n).toBe(0);
    expect(await versionCount()).toBe(versions); // no new versions

    // The new key alone opens everything; the old key alone is refused at start-up, naming the key it lacks.
    const ok = await run(process.execPath, [CLI, 'seed', 'enterprises', '--count', '1'], { env: { ...env, QCR_PII_KEY: newKey } });
    expect(ok.stdout).toMatch(/0 new, 1 already present/);
    await expect(run(process.execPath, [CLI, 'seed', 'enterprises', '--count', '1'], { env: { ...env, QCR_PII_KEY: oldKey } })).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cannot open data sealed with key "r2"/),
    });
  }, 180_000);
});

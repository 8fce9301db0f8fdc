import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { ownTestDatabase } from '../helpers/own-database.js';

/** The built CLI loads authorities from CSV (issue 24): per-row errors, idempotent, audited. Needs `npm run build`. */
const CLI = resolve('dist/apps/cli/src/main.js');
const run = promisify(execFile);

describe('admin CLI: authority import', () => {
  const own = ownTestDatabase('cliauth');
  const dir = mkdtempSync(join(tmpdir(), 'qcr-cli-auth-'));
  const env = {
    ...process.env,
    DATABASE_URL: own.url,
    QCR_JWT_SECRET: 'cli-test-secret-'.padEnd(48, 'x'),
    QCR_DATA_DIR: join(dir, 'pg'),
    LOG_LEVEL: 'silent',
    QCR_PII_KEY: process.env.QCR_TEST_PII_KEY,
    QCR_AUDIT_KEY: process.env.QCR_TEST_AUDIT_KEY,
  };
  const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { env, maxBuffer: 1 << 24 });
  const db = new pg.Pool({ connectionString: own.url, max: 1 });

  beforeAll(() => own.create());
  afterAll(async () => {
    await db.end();
    await own.drop();
  });

  it('loads authorities parents first, reports bad rows by line and field, and a re-run changes nothing', async () => {
    await cli('migrate');
    const file = join(dir, 'authorities.csv');
    writeFileSync(
      file,
      [
        'code,name,level,region_code,parent',
        'gd,广东省市场监督管理局,provincial,440000,samr',
        'gd-sz,深圳市市场监督管理局,prefecture,440300,gd',
        'gd-bad,错位市场监督管理局,county,440306,gd', // a county under a province: not one level up
        'x,名,city,4403,gd', // bad code, level and region
        '',
      ].join('\n'),
    );
    const first = await cli('authority', 'import', file);
    expect(first.stdout).toMatch(/2 created, 0 updated, 0 unchanged, 2 rejected/);
    expect(first.stdout).toMatch(/line 4: parent one-level-up-and-containing/);
    expect(first.stdout).toMatch(/line 5: code pattern/);
    const { rows } = await db.query(
      `SELECT a.code, p.code AS parent FROM access.authorities a LEFT JOIN access.authorities p ON p.id = a.parent_id ORDER BY a.code`,
    );
    expect(rows).toEqual([
      { code: 'gd', parent: 'samr' },
      { code: 'gd-sz', parent: 'gd' },
      { code: 'samr', parent: null },
    ]);
    const audited = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.entries WHERE action = 'authority.created'`);
    expect(audited.rows).toEqual([{ n: 2 }]);
    const again = await cli('authority', 'import', file);
    expect(again.stdout).toMatch(/0 created, 0 updated, 2 unchanged, 2 rejected/);
  }, 120_000);
});

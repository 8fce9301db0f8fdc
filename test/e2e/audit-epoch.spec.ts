import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect } from '@jest/globals';
import pg from 'pg';
import { chainHash, type ChainVerification, type EntryRow, GENESIS_HASH } from '#qcr/audit';
import { ownTestDatabase } from '../helpers/own-database.js';

/**
 * The built CLI on its own database: entries written by the old, unkeyed chain are re-chained once at start-up from
 * a recorded epoch; `cli audit anchor` / `cli audit verify --anchor` catch the newest entries cut off.
 */
const CLI = resolve('dist/apps/cli/src/main.js');
const run = promisify(execFile);

describe('audit chain: the keyed epoch over old entries, and the anchor through the CLI', () => {
  const own = ownTestDatabase('audit_epoch');
  const url = own.url;
  const dir = mkdtempSync(join(tmpdir(), 'qcr-audit-epoch-'));
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

  beforeAll(async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before this test`);
    await own.create();
  });
  afterAll(async () => {
    await db.end();
    await own.drop();
  });

  it('re-chains entries of the old chain once, strips personal digests from them, and records the epoch', async () => {
    await cli('migrate'); // schema only: no start-up work yet, as after an upgrade
    // What the old registry wrote: the public chain, a listing entry carrying the ID digest and a 3+4 mask.
    const old = [
      { action: 'agency.created', entity_type: 'agency', after: { code: 'x' } },
      { action: 'enterprise.registered', entity_type: 'enterprise', after: { legalRep: '张三', legalRepId: '350***********1234' } },
      { action: 'listing.propose', entity_type: 'blacklist.listing', after: { status: 'proposed', legalRepIdHash: 'ab'.repeat(32) } },
    ];
    let prev = GENESIS_HASH;
    for (const e of old) {
      const at = new Date();
      const fields = {
        at: at.toISOString(),
        actorKind: 'staff',
        actorId: 'u1',
        action: e.action,
        entityType: e.entity_type,
        entityId: 'e1',
        before: null,
        after: e.after,
        reason: null,
        requestId: null,
      };
      const hash = chainHash(prev, fields);
      await db.query(
        `INSERT INTO audit.entries (at, actor_kind, actor_id, actor_name, actor_roles, action, entity_type, entity_id, after, prev_hash, hash)
         VALUES ($1, 'staff', 'u1', 'officer', '{officer}', $2, $3, 'e1', $4::jsonb, $5, $6)`,
        [at, e.action, e.entity_type, JSON.stringify(e.after), prev, hash],
      );
      prev = hash;
    }

    const verified = await cli('audit', 'verify');
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
    // The three old entries, the epoch, then what start-up wrote (the measure catalogue seed), all under key a1.
    const { rows } = await db.query<{ seq: string; action: string; key_id: string; after: Record<string, unknown> }>(
      'SELECT seq, action, key_id, after FROM audit.entries ORDER BY seq',
    );
    expect((JSON.parse(verified.stdout) as ChainVerification).checked).toBe(rows.length);
    expect(new Set(rows.map((r) => r.key_id))).toEqual(new Set(['a1']));
    const [, enterprise, listing, epoch] = rows;
    expect(enterprise?.after.legalRepId).toBe('3****************4');
    expect(listing?.after).toEqual({ status: 'proposed' });
    expect(epoch).toMatchObject({
      action: 'audit.epoch',
      after: { legacyHead: { seq: String(listing?.seq), hash: prev }, legacyChainOk: true, rewritten: 3, scrubbed: 2 },
    });
    // Start-up again: nothing left to re-chain, no second epoch.
    await cli('audit', 'verify');
    expect((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit.entries WHERE action = 'audit.epoch'`)).rows).toEqual([{ n: 1 }]);
  }, 120_000);

  it('cli audit verify --anchor FILE fails when the newest entries are cut off, and passes again when they are back', async () => {
    const anchorFile = join(dir, 'head.json');
    writeFileSync(anchorFile, (await cli('audit', 'anchor')).stdout);
    const {
      rows: [newest],
    } = await db.query<EntryRow>('SELECT * FROM audit.entries ORDER BY seq DESC LIMIT 1');
    if (!newest) throw new Error('the audit log is empty: the first test wrote entries');
    const client = await db.connect();
    try {
      await client.query('ALTER TABLE audit.entries DISABLE TRIGGER entries_no_update');
      await client.query('DELETE FROM audit.entries WHERE seq = $1', [newest.seq]);
      await expect(cli('audit', 'verify', '--anchor', anchorFile)).rejects.toMatchObject({
        code: 1,
        stderr: expect.stringMatching(/newest entries were removed/),
      });
      await client.query(`INSERT INTO audit.entries SELECT * FROM json_populate_record(NULL::audit.entries, $1::json)`, [JSON.stringify(newest)]);
      await client.query('ALTER TABLE audit.entries ENABLE TRIGGER entries_no_update');
    } finally {
      client.release();
    }
    expect(JSON.parse((await cli('audit', 'verify', '--anchor', anchorFile)).stdout)).toMatchObject({ ok: true });
  }, 120_000);
});

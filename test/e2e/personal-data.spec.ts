import { createCipheriv, createHash, createHmac, randomBytes } from 'node:crypto';
import { preparePersonalData } from '#qcr/registry';
import { queryOne, queryRows, querySingle } from '#qcr/platform';
import { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { proposal } from './blacklist-helpers.js';
import { enterpriseBody, freshUscc } from './enterprises.fixtures.js';
import { body, defined, type Ok, type Reply } from './typed-http.js';

/** GB 11643-1999 check character of an 18-digit resident ID number. */
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const idCheck = (body17: string) => '10X98765432'.charAt(W.reduce((s, w, i) => s + Number(body17[i]) * w, 0) % 11);

/** The digest an attacker could compute with a key: the same derivation as PersonalDataCipher (HMAC under the digest subkey). */
const keyedDigest = (material: Buffer) => {
  const k = createHmac('sha256', material).update('qcr/pii/digest').digest();
  return (id: string) => createHmac('sha256', k).update(id).digest('hex');
};
const ringKey = (entry: string) => Buffer.from(defined(entry.split(':')[1], `a key ring entry (id:base64), got ${entry}`), 'base64');

/**
 * Issue 13 §4: the stored mask and digest must not give an ID number back without the key. The search below is the
 * attack the penetration test ran, narrowed so it runs in a second: region (the enterprise's, public), a birth date
 * within a month of the truth, every sequence number, the check digit computed — the stored mask filters the rest.
 */
describe('personal data: keyed digests, short masks, sealed phones, audited reads', () => {
  let t: TestApp;
  let db: DataSource;
  const born = new Date(Date.UTC(1980 + Math.floor(Math.random() * 20), Math.floor(Math.random() * 12), 10 + Math.floor(Math.random() * 10)));
  const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
  const body17 = `350203${ymd(born)}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`;
  const idNumber = body17 + idCheck(body17);
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  let enterprise: { id: string; uscc: string };
  let stored: { enc: string; hash: string; masked: string; phone: string };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    const uscc = freshUscc('350200');
    const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await (
      await t.as('registrar')
    )
      .post('/api/v1/enterprises')
      .send(enterpriseBody(uscc, { legalRepresentative: { name: '钱多多', idNumber, phone } }));
    expect(res.status).toBe(201);
    enterprise = { id: res.body.id, uscc };
    [stored] = await db.query(
      `SELECT legal_rep_id_enc AS enc, legal_rep_id_hash AS hash, legal_rep_id_masked AS masked, legal_rep_phone AS phone
         FROM enterprises.enterprises WHERE id = $1`,
      [enterprise.id],
    );
  });
  afterAll(() => t.close());

  it('stores a mask of the first and last character only, and no clear phone — in the record or its history', async () => {
    expect(stored.masked).toBe(`${idNumber[0]}${'*'.repeat(16)}${idNumber[17]}`);
    expect(stored.phone).toMatch(/^v2:t1:/);
    expect(stored.enc).toMatch(/^v2:t1:/);
    const versions = await queryRows<{ data: string }>(db, `SELECT data::text AS data FROM enterprises.enterprise_versions WHERE enterprise_id = $1`, [
      enterprise.id,
    ]);
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) {
      expect(v.data).not.toContain(phone);
      expect(v.data).not.toContain(idNumber);
    }
    // A clear phone cannot be written even by SQL any more.
    await expect(db.query(`UPDATE enterprises.enterprises SET legal_rep_phone = '13800000000' WHERE id = $1`, [enterprise.id])).rejects.toThrow(
      /enterprises_phone_sealed/,
    );
  });

  it('a brute force over the mask finds nothing with SHA-256 or a wrong key, and only the key finds the number', () => {
    const [first, last] = [stored.masked[0], stored.masked.slice(-1)];
    const plain = (id: string) => createHash('sha256').update(id).digest('hex');
    const wrong = keyedDigest(randomBytes(32));
    const right = keyedDigest(ringKey(process.env.QCR_TEST_PII_KEY!));
    const found = { plain: [] as string[], wrong: [] as string[], right: [] as string[] };
    let candidates = 0;
    for (let day = -31; day <= 31; day++) {
      const date = ymd(new Date(born.getTime() + day * 86_400_000));
      for (let seq = 0; seq < 1000; seq++) {
        const b = `350203${date}${String(seq).padStart(3, '0')}`;
        const id = b + idCheck(b);
        if (id[0] !== first || id.slice(-1) !== last) continue;
        candidates++;
        if (plain(id) === stored.hash) found.plain.push(id);
        if (wrong(id) === stored.hash) found.wrong.push(id);
        if (right(id) === stored.hash) found.right.push(id);
      }
    }
    expect(candidates).toBeGreaterThan(5_000);
    expect(found.plain).toEqual([]);
    expect(found.wrong).toEqual([]);
    expect(found.right).toEqual([idNumber]); // the search covered the truth: only the key is missing
  });

  it('staff without personal-data.read see first + last character; holders see the number, and their read is audited', async () => {
    const grader: Reply<Ok<'/api/v1/enterprises/{code}'>> = await (await t.as('grader')).get(`/api/v1/enterprises/${enterprise.uscc}`);
    expect(grader.body.legalRepresentative).toEqual({
      name: '钱多多',
      idNumber: stored.masked,
      idNumberMasked: true,
      phone: `${phone[0]}${'*'.repeat(9)}${phone[10]}`,
    });
    const registrar: Reply<Ok<'/api/v1/enterprises/{code}'>> = await (await t.as('registrar')).get(`/api/v1/enterprises/${enterprise.uscc}`);
    expect(registrar.body.legalRepresentative).toMatchObject({ idNumber, idNumberMasked: false, phone });

    const log: Reply<Ok<'/api/v1/audit'>> = await (
      await t.as('auditor')
    ).get(`/api/v1/audit?entityType=enterprise&entityId=${enterprise.id}&action=personal-data.read`);
    expect(log.status).toBe(200);
    // The registrar's read is there; the grader's (masks only) is not.
    expect(log.body.items.map((e: { actor: { name: string } }) => e.actor.name)).toEqual(['registrar']);
    expect(log.body.items[0]?.after).toMatchObject({ fields: ['legalRepresentative.idNumber', 'legalRepresentative.phone'] });
  });

  it("the auditor's view of the audit log holds no digest or sealed value of a person, only a reference", async () => {
    const proposed: Reply<Ok<'/api/v1/listings', 'post'>> = await (await t.as('officer')).post('/api/v1/listings').send(proposal(enterprise.uscc));
    expect(proposed.status).toBe(201);
    const auditor = await t.as('auditor');
    const entries = [
      ...body<Ok<'/api/v1/audit'>>(await auditor.get(`/api/v1/audit?entityType=blacklist.listing&entityId=${proposed.body.id}`)).items,
      ...body<Ok<'/api/v1/audit'>>(await auditor.get(`/api/v1/audit?entityType=enterprise&entityId=${enterprise.id}`)).items,
    ];
    expect(entries.length).toBeGreaterThan(1);
    // What entries say (the chain's own hashes aside).
    const text = JSON.stringify(entries.map((e) => [e.before, e.after, e.reason]));
    const listing = await queryOne<{ hash: string }>(db, `SELECT legal_rep_id_hash AS hash FROM blacklist.listings WHERE id = $1`, [proposed.body.id]);
    expect(listing?.hash).toBe(stored.hash);
    for (const secret of [stored.hash, stored.enc, stored.phone, idNumber, phone]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"v[12]:|[0-9a-f]{64}/);
    const proposeEntry = entries.find((e) => e.action === 'listing.propose');
    // the proposal's `after` names where the legal representative lives instead of copying them
    expect((proposeEntry?.after as { legalRepRef?: unknown } | undefined)?.legalRepRef).toEqual({ enterpriseId: enterprise.id, enterpriseVersion: 1 });
  });

  it('start-up brings legacy rows (v1 seal, unkeyed SHA-256, 3+4 mask, clear phone) to the keyed form, adding no version', async () => {
    const legacyId = `${body17.slice(0, 14)}${String((Number(body17.slice(14)) + 1) % 1000).padStart(3, '0')}`;
    const legacyNumber = legacyId + idCheck(legacyId);
    const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await (
      await t.as('registrar')
    )
      .post('/api/v1/enterprises')
      .send(enterpriseBody(freshUscc('350200'), { legalRepresentative: { name: '孙旧', idNumber: legacyNumber, phone: '13700001111' } }));
    expect(res.status).toBe(201);
    // What the registry stored before issue 13: AES-GCM under the raw key without a key id, SHA-256, 3+4 mask, clear phone.
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', ringKey(process.env.QCR_TEST_PII_KEY!), iv);
    const body = Buffer.concat([cipher.update(legacyNumber, 'utf8'), cipher.final()]);
    const legacy = {
      enc: `v1:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`,
      hash: createHash('sha256').update(legacyNumber).digest('hex'),
      masked: `${legacyNumber.slice(0, 3)}${'*'.repeat(11)}${legacyNumber.slice(-4)}`,
      phone: '13700001111',
    };
    const constraints = ['enterprises_phone_sealed', 'enterprises_id_sealed', 'enterprises_digest_with_seal'];
    const checks: { conname: string; def: string }[] = await db.query(
      `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = ANY($1)`,
      [constraints],
    );
    await db.transaction(async (em) => {
      await em.query(`SELECT set_config('qcr.reseal', 'on', true)`);
      for (const c of checks) await em.query(`ALTER TABLE enterprises.enterprises DROP CONSTRAINT ${c.conname}`);
      await em.query(
        `UPDATE enterprises.enterprises SET legal_rep_id_enc = $2, legal_rep_id_hash = $3, legal_rep_id_masked = $4, legal_rep_phone = $5 WHERE id = $1`,
        [res.body.id, legacy.enc, legacy.hash, legacy.masked, legacy.phone],
      );
      await em.query(
        `UPDATE enterprises.enterprise_versions SET data = data || jsonb_build_object('legal_rep_id_enc', $2::text, 'legal_rep_id_hash', $3::text,
           'legal_rep_id_masked', $4::text, 'legal_rep_phone', $5::text) WHERE enterprise_id = $1`,
        [res.body.id, legacy.enc, legacy.hash, legacy.masked, legacy.phone],
      );
      for (const c of checks) await em.query(`ALTER TABLE enterprises.enterprises ADD CONSTRAINT ${c.conname} ${c.def} NOT VALID`);
    });

    const result = await preparePersonalData(t.app);
    expect(result.rows).toBeGreaterThanOrEqual(1);
    const row = await querySingle<{ enc: string; hash: string; masked: string; phone: string; version: number }>(
      db,
      `SELECT legal_rep_id_enc AS enc, legal_rep_id_hash AS hash, legal_rep_id_masked AS masked, legal_rep_phone AS phone, version
         FROM enterprises.enterprises WHERE id = $1`,
      [res.body.id],
    );
    expect(row).toMatchObject({ enc: expect.stringMatching(/^v2:t1:/), masked: `${legacyNumber[0]}${'*'.repeat(16)}${legacyNumber[17]}`, version: 1 });
    expect(row.hash).toBe(keyedDigest(ringKey(process.env.QCR_TEST_PII_KEY!))(legacyNumber));
    expect(row.phone).toMatch(/^v2:t1:/);
    const versions = await queryRows<{ data: Record<string, unknown> }>(db, `SELECT data FROM enterprises.enterprise_versions WHERE enterprise_id = $1`, [
      res.body.id,
    ]);
    expect(versions).toHaveLength(1);
    expect(versions[0]?.data).toMatchObject({ legal_rep_id_hash: row.hash, legal_rep_phone: row.phone });
    const validated = await querySingle<{ ok: boolean | null }>(db, `SELECT bool_and(convalidated) AS ok FROM pg_constraint WHERE conname = ANY($1)`, [
      constraints,
    ]);
    expect(validated.ok).toBe(true);
    const shown: Reply<Ok<'/api/v1/enterprises/{code}'>> = await (await t.as('registrar')).get(`/api/v1/enterprises/${res.body.uscc ?? res.body.orgCode}`);
    expect(shown.body.legalRepresentative).toMatchObject({ idNumber: legacyNumber, phone: '13700001111' });
  });

  it('start-up refuses a key that cannot open the stored rows, naming the key id', async () => {
    await expect(createTestApp({ QCR_PII_KEY: `x9:${randomBytes(32).toString('base64')}` })).rejects.toThrow(/cannot open data sealed with key "t1"/);
  });
});

import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { readyToDecide, registerEnterprise } from '../e2e/blacklist-helpers.js';

/**
 * Conflicting writers in parallel: one wins, the losers get 412/409, the database invariant
 * holds, and the audit log has exactly one entry per successful change (none for the losers).
 */
const N = 12;

describe('conflicting writers', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  const lastSeq = async () => Number((await ds.query(`SELECT coalesce(max(seq), 0) AS s FROM audit.entries`))[0].s);
  const entriesSince = async (seq: number, entityId: string) =>
    await ds.query<Array<{ action: string }>>(`SELECT action FROM audit.entries WHERE seq > $1 AND entity_id = $2`, [seq, entityId]);

  it(`${N} enterprise corrections with the same If-Match: one 200, the rest 412; version +1; one audit entry`, async () => {
    const ent = await registerEnterprise(t);
    const registrar = await t.as('registrar');
    const read = await registrar.get(`/api/v1/enterprises/${ent.code}`);
    expect(read.status).toBe(200);
    const etag = read.headers.etag;
    const [{ version }] = await ds.query(`SELECT version FROM enterprises.enterprises WHERE id = $1`, [ent.id]);
    const seq = await lastSeq();
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        registrar
          .patch(`/api/v1/enterprises/${ent.code}`)
          .set('If-Match', etag)
          .send({ address: `厦门市思明区并发路${i}号`, reason: `并发更正${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.sort()).toEqual([200, ...Array(N - 1).fill(412)]);
    const [row] = await ds.query(`SELECT version, address FROM enterprises.enterprises WHERE id = $1`, [ent.id]);
    expect(row.version).toBe(version + 1);
    expect(row.address).toMatch(/^厦门市思明区并发路\d+号$/);
    expect(
      (await ds.query(`SELECT count(*)::int AS n FROM enterprises.enterprise_versions WHERE enterprise_id = $1 AND version > $2`, [ent.id, version]))[0].n,
    ).toBe(1);
    expect(await entriesSince(seq, ent.id)).toHaveLength(1);
  });

  it(`${N} decisions on one proposal: one 200, the rest 409; one listing in force; one audit entry`, async () => {
    const ent = await registerEnterprise(t);
    const id = await readyToDecide(t, ent.code);
    const reviewer = await t.as('reviewer');
    const seq = await lastSeq();
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) => reviewer.post(`/api/v1/listings/${id}/decide`).send({ decisionNumber: `可靠性〔2025〕${i}号` })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.sort()).toEqual([200, ...Array(N - 1).fill(409)]);
    const rows = await ds.query(`SELECT status, decision_number FROM blacklist.listings WHERE enterprise_id = $1 AND status = 'listed'`, [ent.id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].decision_number).toBe(results.find((r) => r.status === 200)!.body.decisionNumber ?? rows[0].decision_number);
    expect(await entriesSince(seq, id)).toHaveLength(1);
  });

  it(`${N} reviews of one grade override (approve and reject racing): one wins, the rest 409; one audit entry`, async () => {
    const ent = await registerEnterprise(t);
    const grader = await t.as('grader');
    const proposed = await grader.post(`/api/v1/enterprises/${ent.code}/grade-overrides`).send({ grade: 'A', reason: '复检合格，原抽查结论系检验机构误判' });
    expect(proposed.status).toBe(201);
    const reviewer = await t.as('reviewer');
    const seq = await lastSeq();
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        reviewer.post(`/api/v1/grade-overrides/${proposed.body.id}/review`).send({ decision: i % 2 ? 'reject' : 'approve', reason: `审核${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s < 300)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toEqual(Array(N - 1).fill(409));
    const [row] = await ds.query(`SELECT status FROM grading.overrides WHERE id = $1`, [proposed.body.id]);
    expect(row.status).toBe(results.find((r) => r.status < 300)!.body.status);
    expect(await entriesSince(seq, proposed.body.id)).toHaveLength(1);
  });
});

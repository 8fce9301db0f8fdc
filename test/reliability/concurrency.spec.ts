import { DataSource } from 'typeorm';
import { queryRows, querySingle } from '#qcr/platform';
import { bodyOf } from '../helpers/body.js';
import { defined, first } from '../helpers/defined.js';
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

  const lastSeq = async () => Number((await querySingle<{ s: string }>(ds, `SELECT coalesce(max(seq), 0) AS s FROM audit.entries`)).s);
  const entriesSince = async (seq: number, entityId: string) =>
    await ds.query<Array<{ action: string }>>(`SELECT action FROM audit.entries WHERE seq > $1 AND entity_id = $2`, [seq, entityId]);

  it(`${N} enterprise corrections with the same If-Match: one 200, the rest 412; version +1; one audit entry`, async () => {
    const ent = await registerEnterprise(t);
    const registrar = await t.as('registrar');
    const read = await registrar.get(`/api/v1/enterprises/${ent.code}`);
    expect(read.status).toBe(200);
    const etag = defined(read.headers.etag, 'the ETag of the read');
    const { version } = await querySingle<{ version: number }>(ds, `SELECT version FROM enterprises.enterprises WHERE id = $1`, [ent.id]);
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
    expect(statuses.sort()).toEqual([200, ...Array<number>(N - 1).fill(412)]);
    const row = await querySingle<{ version: number; address: string }>(ds, `SELECT version, address FROM enterprises.enterprises WHERE id = $1`, [ent.id]);
    expect(row.version).toBe(version + 1);
    expect(row.address).toMatch(/^厦门市思明区并发路\d+号$/);
    expect(
      (
        await querySingle<{ n: number }>(ds, `SELECT count(*)::int AS n FROM enterprises.enterprise_versions WHERE enterprise_id = $1 AND version > $2`, [
          ent.id,
          version,
        ])
      ).n,
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
    expect(statuses.sort()).toEqual([200, ...Array<number>(N - 1).fill(409)]);
    const rows = await queryRows<{ status: string; decision_number: string }>(
      ds,
      `SELECT status, decision_number FROM blacklist.listings WHERE enterprise_id = $1 AND status = 'listed'`,
      [ent.id],
    );
    expect(rows).toHaveLength(1);
    const listed = first(rows, 'the listing in force');
    expect(listed.decision_number).toBe(bodyOf<{ decisionNumber?: string }>(results.find((r) => r.status === 200)!).decisionNumber ?? listed.decision_number);
    expect(await entriesSince(seq, id)).toHaveLength(1);
  });

  it(`${N} reviews of one grade override (approve and reject racing): one wins, the rest 409; one audit entry`, async () => {
    const ent = await registerEnterprise(t);
    const grader = await t.as('grader');
    const proposed = await grader.post(`/api/v1/enterprises/${ent.code}/grade-overrides`).send({ grade: 'A', reason: '复检合格，原抽查结论系检验机构误判' });
    expect(proposed.status).toBe(201);
    const overrideId = bodyOf<{ id: string }>(proposed).id;
    const reviewer = await t.as('reviewer');
    const seq = await lastSeq();
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        reviewer.post(`/api/v1/grade-overrides/${overrideId}/review`).send({ decision: i % 2 ? 'reject' : 'approve', reason: `审核${i}` }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s < 300)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toEqual(Array<number>(N - 1).fill(409));
    const row = await querySingle<{ status: string }>(ds, `SELECT status FROM grading.overrides WHERE id = $1`, [overrideId]);
    expect(row.status).toBe(bodyOf<{ status: string }>(results.find((r) => r.status < 300)!).status);
    expect(await entriesSince(seq, overrideId)).toHaveLength(1);
  });
});

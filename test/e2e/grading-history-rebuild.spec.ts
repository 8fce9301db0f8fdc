import { randomUscc } from '#qcr/identifiers';
import { GradeHistoryImporter, HistoryRebuild, RegradeRuns } from '#qcr/grading';
import { addMonths, addYears, ProblemException, queryRows, systemActor, todayInChina } from '#qcr/platform';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { ownTestDatabase } from '../helpers/own-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { creditRecord } from './credit-grading-helpers.js';
import type { Ok, Reply } from './typed-http.js';

/**
 * Issue 15: `cli regrade --rebuild-history --from D` (HistoryRebuild) recomputes the grade history from D, a row as of
 * each date where something changed; never touches rows before D; audited as one run; idempotent; refused while
 * another run is active; afterwards a regrade dated today finds nothing to change. On a database of its own: the
 * rebuild walks the whole register.
 */
describe('grade history rebuild (issue 15)', () => {
  const own = ownTestDatabase('history_rebuild');
  const actor = systemActor('rebuild-test');
  const today = todayInChina();
  const from = addYears(today, -3);
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    await own.create();
    t = await createTestApp({}, own.url);
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(async () => {
    await t.close();
    await own.drop();
  });

  const rows = (code: string) =>
    queryRows<{ id: string; grade: string; score: number; validFrom: string; validTo: string | null; source: string }>(
      db,
      `SELECT g.id::text, g.grade, g.score::float8 AS score, g.valid_from::text AS "validFrom", g.valid_to::text AS "validTo", g.source
       FROM grading.grades g JOIN enterprises.enterprises e ON e.id = g.enterprise_id WHERE e.uscc = $1 ORDER BY g.valid_from, g.id`,
      [code],
    );

  it('writes rows as of each event date from --from, keeps rows before it, is audited as one run and idempotent', async () => {
    // Registered five years ago; a quality award 30 months ago and a failed sampling 20 months ago, recorded today.
    const code = randomUscc();
    const registrar = await t.as('registrar');
    expect(
      (
        await registrar.post('/api/v1/enterprises').send({
          code,
          name: `历史重算测试企业${code.slice(-6)}有限公司`,
          industryCode: 'C',
          registeredOn: addYears(today, -5),
        })
      ).status,
    ).toBe(201);
    // An imported year at A before --from: must stay exactly as imported.
    await t.app
      .get(GradeHistoryImporter)
      .importCsv(
        `enterprise_code,grade,valid_from,valid_to,authority\n${code},A,${addYears(today, -5)},${addYears(today, -4)},福建省市场监督管理局\n`,
        actor,
        'before.csv',
      );
    const award = addMonths(today, -30);
    const failed = addMonths(today, -20);
    for (const r of [creditRecord('quality_award', award), creditRecord('sampling_failed', failed)]) {
      expect((await registrar.post(`/api/v1/enterprises/${code}/credit-records`).send(r)).status).toBe(201);
    }
    const beforeRun = await rows(code);
    expect(beforeRun.every((r) => r.validFrom === today || r.validFrom < from)).toBe(true);

    const run = await t.app.get(HistoryRebuild).rebuild(actor, from);
    expect(run.changed).toBeGreaterThanOrEqual(1);
    const after = await rows(code);
    // Rows before --from unchanged (the imported year), new rows dated as the events happened.
    expect(after.filter((r) => r.validFrom < from)).toEqual(beforeRun.filter((r) => r.validFrom < from));
    const rebuilt = after.filter((r) => r.source === 'rebuild');
    expect(rebuilt.map((r) => r.validFrom)).toEqual(expect.arrayContaining([from, award, failed]));
    const reader = await t.as('auditor');
    const onAward: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await reader.get(`/api/v1/enterprises/${code}/grade?asOf=${addMonths(award, 1)}`);
    expect(onAward.body).toMatchObject({ score: 90, source: 'rebuild' }); // base 80 + award 10, counted from its date
    const onFailed: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await reader.get(`/api/v1/enterprises/${code}/grade?asOf=${addMonths(failed, 1)}`);
    expect(onFailed.body).toMatchObject({ score: 80, source: 'rebuild' });

    const audit = await queryRows<{ action: string }>(
      db,
      `SELECT action FROM audit.entries WHERE entity_type = 'grading_run' AND entity_id = $1 ORDER BY seq`,
      [run.runId],
    );
    expect(audit.map((a) => a.action)).toEqual(['grading.history.rebuild', 'grading.history.rebuilt']);

    const again = await t.app.get(HistoryRebuild).rebuild(actor, from);
    expect(again.changed).toBe(0);
    expect(await rows(code)).toEqual(after);
  });

  it('leaves current grades as a regrade dated today finds them', async () => {
    const open = () =>
      queryRows<{ enterprise_id: string; grade: string; score: number }>(
        db,
        `SELECT enterprise_id, grade, score::float8 AS score FROM grading.grades WHERE valid_to IS NULL ORDER BY enterprise_id`,
      );
    const before = await open();
    const run = await t.app.get(RegradeRuns).regradeAll(actor);
    expect(run.status).toBe('completed');
    expect(run.changed).toBe(0);
    expect(await open()).toEqual(before);
  });

  it('refuses while another run is active (409 GRADING.RUN_ACTIVE)', async () => {
    const rebuild = t.app.get(HistoryRebuild);
    const [a, b] = await Promise.allSettled([rebuild.rebuild(actor, from), rebuild.rebuild(actor, from)]);
    const refused = [a, b].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused).toHaveLength(1);
    const reason: unknown = refused[0]?.reason;
    expect(reason instanceof ProblemException ? reason.spec : reason).toMatchObject({ code: 'GRADING.RUN_ACTIVE', status: 409 });
  });
});

import { querySingle, queryRows, todayInChina } from '#qcr/platform';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { ownTestDatabase } from '../helpers/own-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { body, type Ok, type Reply } from './typed-http.js';

interface GradeRow {
  grade: string;
  validFrom: string;
  validTo: string | null;
  source: string;
}

type TopGrade = 'AA' | 'AAA';
const AT_LEAST: Record<'A' | 'AA', string[]> = { A: ['A', 'AA', 'AAA'], AA: ['AA', 'AAA'] };
const RULE: Record<TopGrade, { needs: 'A' | 'AA'; years: number }> = { AA: { needs: 'A', years: 2 }, AAA: { needs: 'AA', years: 1 } };
const yearsBefore = (date: string, years: number) => `${Number(date.slice(0, 4)) - years}${date.slice(4)}`;

/**
 * Issue 15: the demo register shows AAA, AA, A, B, C and D, and every AA or better is earned from dated history
 * brought in through the grade history import (source `import`, audited as one import) — the path a real register
 * takes — never from grade rows written for past dates. On a database of its own: the demo seed picks the register's
 * first enterprises, which on the shared database belong to other suites.
 */
describe('demo data with a real history (issue 15)', () => {
  const own = ownTestDatabase('demo_history');
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

  it('shows every grade AAA–D today', async () => {
    const res: Reply<Ok<'/api/v1/statistics/grades'>> = await (await t.as('admin')).get('/api/v1/statistics/grades?by=region&level=province');
    expect(res.status).toBe(200);
    const totals = Object.fromEntries(['AAA', 'AA', 'A', 'B', 'C', 'D'].map((g) => [g, res.body.rows.reduce((n, r) => n + Number(r[g]), 0)]));
    for (const [g, total] of Object.entries(totals)) expect({ grade: g, count: total > 0 }).toEqual({ grade: g, count: true });
  });

  it('explains every AA and AAA by its dated history: the years the progression rule asks for, imported, without a break', async () => {
    const today = todayInChina();
    const top = await queryRows<{ code: string; grade: TopGrade }>(
      db,
      `SELECT coalesce(e.uscc, e.org_code) AS code, g.grade FROM grading.grades g JOIN enterprises.enterprises e ON e.id = g.enterprise_id
        WHERE g.valid_to IS NULL AND g.grade IN ('AA', 'AAA')`,
    );
    expect(top.length).toBeGreaterThanOrEqual(2);
    const reader = await t.as('auditor');
    for (const e of top) {
      const now: Reply<Ok<'/api/v1/enterprises/{code}/grade'>> = await reader.get(`/api/v1/enterprises/${e.code}/grade`);
      expect(now.body.grade).toBe(e.grade);
      expect(now.body.explanation.progression).toEqual([]); // nothing held it down
      const history: GradeRow[] = body<Ok<'/api/v1/enterprises/{code}/grades'>>(await reader.get(`/api/v1/enterprises/${e.code}/grades`));
      const rule = RULE[e.grade];
      // Walk back from today through contiguous rows at `needs` or better: they must reach back `years`.
      const ordered = history.filter((r) => r.validTo === null || r.validTo > r.validFrom).sort((a, b) => b.validFrom.localeCompare(a.validFrom));
      const current = ordered.shift()!;
      let since = current.validFrom;
      for (const r of ordered) {
        if (r.validTo !== since || !AT_LEAST[rule.needs].includes(r.grade)) break;
        since = r.validFrom;
      }
      expect({ code: e.code, held: since <= yearsBefore(current.validFrom, rule.years) }).toEqual({ code: e.code, held: true });
      // Every row before today came in through the import (named authority), none was written for a past date.
      expect(history.filter((r) => r.validFrom < today).map((r) => r.source)).toEqual(history.filter((r) => r.validFrom < today).map(() => 'import'));
    }
    const audit = await querySingle<{ n: number }>(db, `SELECT count(*)::int AS n FROM audit.entries WHERE action = 'grading.history.imported'`);
    expect(audit.n).toBe(1);
  });

  it('writes no grade for a past date other than through the import', async () => {
    const row = await querySingle<{ n: number }>(db, `SELECT count(*)::int AS n FROM grading.grades WHERE valid_from < $1::date AND source <> 'import'`, [
      todayInChina(),
    ]);
    expect(row.n).toBe(0);
  });
});

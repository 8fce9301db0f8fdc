import { randomUscc } from '#qcr/identifiers';
import { querySingle } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import type { TestApp } from '../helpers/test-app.js';
import type { Ok, Reply } from './typed-http.js';

/**
 * Test data for the joint-measure checks. Enterprises are registered through the
 * enterprises API; grade history and listing periods are written as rows, because
 * the checks are about *dates* (a grade valid in 2021, a listing revoked in 2022)
 * that the grading and blacklist workflows only produce for "today". The columns
 * used are those of the grading and blacklist migrations; keep in step with them.
 */
export interface TestEnterprise {
  id: string;
  uscc: string;
  orgCode: string;
  name: string;
}

export async function registerEnterprise(t: TestApp, name = `核查测试企业${Math.random().toString(36).slice(2, 8)}有限公司`): Promise<TestEnterprise> {
  const registrar = await t.as('registrar');
  const uscc = randomUscc(Math.random, { division: '350200' });
  const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await registrar
    .post('/api/v1/enterprises')
    .send({ code: uscc, name, legalRepresentative: { name: '测试人' }, industryCode: 'C' });
  if (res.status !== 201) throw new Error(`register ${uscc}: ${res.status} ${res.text}`);
  return { id: res.body.id, uscc, orgCode: uscc.slice(8, 17), name };
}

/** A grade valid on [from, to) (to = null: still current). */
export async function giveGrade(db: DataSource, e: TestEnterprise, grade: string, from: string, to: string | null = null): Promise<void> {
  await db.query(
    `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, valid_from, valid_to, source)
     VALUES ($1, $2, 80, (SELECT version FROM grading.models WHERE active), '{"test":true}', $3, $4, 'manual')`,
    [e.id, grade, from, to],
  );
}

/** A decided listing on [start, planned end), optionally ended (expiry / repair / revocation) on `endedOn`. */
export async function listEnterprise(
  db: DataSource,
  e: TestEnterprise,
  start: string,
  plannedEnd: string,
  ended?: { on: string; kind: 'expiry' | 'repair' | 'revocation' },
): Promise<string> {
  const status = !ended ? 'listed' : ended.kind === 'expiry' ? 'expired' : ended.kind === 'repair' ? 'repaired' : 'revoked';
  const row = await querySingle<{ id: string }>(
    db,
    `INSERT INTO blacklist.listings (enterprise_id, enterprise_name, enterprise_uscc, enterprise_org_code, list_type, status, reason, legal_basis,
        penalty_document_number, penalty_decided_on, penalty_authority, proposed_by, proposed_by_name, notice_date, statement_deadline,
        decision_number, deciding_authority, start_date, planned_end_date, decided_by, decided_by_name, decided_at,
        ended_on, end_kind, end_reason, ended_by, ended_at)
     VALUES ($1,$2,$3,$4,'quality_serious_dishonesty',$5,'生产销售不合格产品，情节严重','《市场监督管理严重违法失信名单管理办法》第六条',
        '厦市监罚〔2020〕1号', ($6::date - 30), '厦门市市场监督管理局', 'officer-test', '测试认定人员', ($6::date - 20), ($6::date - 10),
        $7, '厦门市市场监督管理局', $6, $8, 'reviewer-test', '测试审核人', now(),
        $9, $10, CASE WHEN $10::text IS NULL THEN NULL ELSE 'test' END, CASE WHEN $10::text IS NULL THEN NULL ELSE 'reviewer-test' END,
        CASE WHEN $10::text IS NULL THEN NULL ELSE now() END)
     RETURNING id`,
    [
      e.id,
      e.name,
      e.uscc,
      e.orgCode,
      status,
      start,
      `厦市监列〔${start.slice(0, 4)}〕${Math.floor(Math.random() * 1e6)}号`,
      plannedEnd,
      ended?.on ?? null,
      ended?.kind ?? null,
    ],
  );
  return row.id;
}

/** A valid organisation-code-shaped USCC nobody registered. */
export const unregisteredUscc = () => randomUscc(Math.random, { division: '350200' });

/**
 * Waits until the demo partner key (issued by the demo seed) answers, so a partner test fails here, naming the key,
 * rather than on its first check. Not a workaround for a stale cache: AgenciesService caches only verified keys and
 * drops the entry whenever a key is issued again (agencies.service.ts), so an "unknown key" answer is never kept.
 */
export async function partnerReady(t: TestApp): Promise<void> {
  for (let i = 0; i < 30; i++) {
    if ((await t.partner().get('/api/v1/measures')).status !== 401) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('demo partner key never became valid');
}

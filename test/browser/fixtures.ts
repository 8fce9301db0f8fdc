import { randomUscc } from '#qcr/identifiers';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { queryChanged } from '#qcr/platform';
import { bodyOf } from '../helpers/body.js';
import type { TestApp } from '../helpers/test-app.js';

/** Test data made through the API (as the staff would), except a grade on a date, which only grading produces. */
export interface Made {
  id: string;
  code: string;
  name: string;
}

export async function registerEnterprise(t: TestApp, label: string): Promise<Made> {
  const code = randomUscc(Math.random, { division: '350200' });
  const name = `浏览器测试${label}${code.slice(-4)}有限公司`;
  const res = await (await t.as('registrar')).post('/api/v1/enterprises').send({ code, name, legalRepresentative: { name: '测试法人' }, industryCode: 'C' });
  if (res.status !== 201) throw new Error(`register ${code}: ${res.status} ${res.text}`);
  return { id: bodyOf<{ id: string }>(res).id, code, name };
}

function ok<T extends { status: number; text: string }>(res: T, what: string): T {
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${res.text}`);
  return res;
}

/** Proposed, notified and waived: in the reviewer's "ready to decide" queue. Returns the listing id. */
export async function readyToDecide(t: TestApp, e: Made, reason: string): Promise<string> {
  const officer = await t.as('officer');
  const res = ok(
    await officer.post('/api/v1/listings').send({
      enterprise: e.code,
      listType: 'quality_serious_dishonesty',
      reason,
      legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条',
      penaltyDocumentNumber: `浏览罚〔2025〕${e.code.slice(-6)}号`,
      penaltyDecidedOn: '2025-01-02',
      penaltyAuthority: '厦门市市场监督管理局',
    }),
    'propose',
  );
  const { id } = bodyOf<{ id: string }>(res);
  ok(await officer.post(`/api/v1/listings/${id}/notify`).send({}), 'notify');
  ok(await officer.post(`/api/v1/listings/${id}/statements`).send({ kind: 'waiver', summary: '企业书面放弃陈述申辩' }), 'waiver');
  return id;
}

export async function decide(t: TestApp, listingId: string): Promise<void> {
  ok(
    await (await t.as('reviewer')).post(`/api/v1/listings/${listingId}/decide`).send({ decisionNumber: `浏览列〔2025〕${listingId.slice(0, 6)}号` }),
    'decide',
  );
}

/** The enterprise's grade in force from 2020 on (replacing any current one): as if graded long ago. */
export async function setGrade(t: TestApp, e: Made, grade: string): Promise<void> {
  const db = t.app.get<DataSource>(getDataSourceToken());
  const { count: updated } = await queryChanged(db, `UPDATE grading.grades SET grade = $2 WHERE enterprise_id = $1 AND valid_to IS NULL`, [e.id, grade]);
  if (!updated) {
    await db.query(
      `INSERT INTO grading.grades (enterprise_id, grade, score, model_version, explanation, valid_from, source)
       VALUES ($1, $2, 90, (SELECT version FROM grading.models WHERE active), '{"test":true}', '2020-01-01', 'manual')`,
      [e.id, grade],
    );
  }
}

/** A USCC with a wrong check character (the last one changed), for the "invalid code" paths. */
export function badCheckUscc(): string {
  const good = randomUscc(Math.random, { division: '350200' });
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  return good.slice(0, 17) + alphabet[(alphabet.indexOf(good.charAt(17)) + 1) % alphabet.length];
}

/** Full-width form of a code (as pasted from Chinese documents). */
export const fullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

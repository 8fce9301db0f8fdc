import { randomUscc } from '#qcr/identifiers';
import { addDays, todayInChina } from '#qcr/platform';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TestApp } from '../helpers/test-app.js';
import type { Ok, Reply } from './typed-http.js';

export const today = () => todayInChina();

/** A fresh enterprise with a random USCC, registered over HTTP by the registrar. */
export async function registerEnterprise(t: TestApp, legalRep = { name: '测试法人', idNumber: '350203197001101005' }): Promise<{ code: string; id: string }> {
  const code = randomUscc();
  const registrar = await t.as('registrar');
  const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await registrar.post('/api/v1/enterprises').send({
    code,
    name: `黑名单测试企业${code.slice(-6)}有限公司`,
    legalRepresentative: legalRep,
    industryCode: 'C',
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`register enterprise: ${res.status} ${res.text}`);
  return { code, id: res.body.id };
}

export function proposal(enterprise: string, extra: Record<string, unknown> = {}) {
  return {
    enterprise,
    listType: 'quality_serious_dishonesty',
    reason: '生产销售不合格产品，货值金额较大，受到较重行政处罚',
    legalBasis: '《市场监督管理严重违法失信名单管理办法》第二条',
    penaltyDocumentNumber: `测罚〔2025〕${Math.floor(Math.random() * 1e6)}号`,
    penaltyDecidedOn: addDays(today(), -30),
    penaltyAuthority: '厦门市市场监督管理局',
    ...extra,
  };
}

/** Proposed by the officer, notified, and waived by the enterprise: ready for a reviewer's decision. */
export async function readyToDecide(t: TestApp, enterprise: string): Promise<string> {
  const officer = await t.as('officer');
  const res: Reply<Ok<'/api/v1/listings', 'post'>> = await officer.post('/api/v1/listings').send(proposal(enterprise));
  if (res.status !== 201) throw new Error(`propose: ${res.status} ${res.text}`);
  const id = res.body.id;
  expectOk(await officer.post(`/api/v1/listings/${id}/notify`).send({}));
  expectOk(await officer.post(`/api/v1/listings/${id}/statements`).send({ kind: 'waiver', summary: '企业书面放弃陈述申辩' }));
  return id;
}

export async function listed(t: TestApp, enterprise: string): Promise<string> {
  const id = await readyToDecide(t, enterprise);
  const reviewer = await t.as('reviewer');
  expectOk(await reviewer.post(`/api/v1/listings/${id}/decide`).send({ decisionNumber: `测列〔2025〕${id.slice(0, 6)}号` }));
  return id;
}

function expectOk(res: { status: number; text: string }) {
  if (res.status >= 300) throw new Error(`${res.status} ${res.text}`);
}

export function db(t: TestApp): DataSource {
  return t.app.get<DataSource>(getDataSourceToken());
}

/**
 * Time travel for one listing: every date and timestamp of it moves `days` into the past,
 * as if the case had happened then. Tests only; nothing else writes to blacklist.* this way.
 */
export async function backdate(t: TestApp, listingId: string, days: number): Promise<void> {
  await db(t).query(
    `UPDATE blacklist.listings SET
       proposed_at = proposed_at - make_interval(days => $2), notified_at = notified_at - make_interval(days => $2),
       decided_at = decided_at - make_interval(days => $2), penalty_decided_on = penalty_decided_on - $2::int,
       notice_date = notice_date - $2::int, statement_deadline = statement_deadline - $2::int,
       start_date = start_date - $2::int, planned_end_date = planned_end_date - $2::int
     WHERE id = $1`,
    [listingId, days],
  );
}

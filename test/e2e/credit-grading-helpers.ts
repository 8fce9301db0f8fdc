import { randomUscc } from '#qcr/identifiers';
import { addMonths, todayInChina } from '#qcr/platform';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { TestApp } from '../helpers/test-app.js';
import type { Ok, Reply } from './typed-http.js';

export const today = () => todayInChina();
export const monthsAgo = (n: number) => addMonths(todayInChina(), -n);

/** A fresh enterprise with a random USCC, registered over HTTP by the registrar. */
export async function newEnterprise(t: TestApp, industryCode = 'C'): Promise<{ code: string; id: string }> {
  const code = randomUscc();
  const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await (await t.as('registrar')).post('/api/v1/enterprises').send({
    code,
    name: `信用评价测试企业${code.slice(-6)}有限公司`,
    legalRepresentative: { name: '测试法人', idNumber: '350203197001101005' },
    industryCode,
  });
  if (res.status !== 201 && res.status !== 200) throw new Error(`register enterprise: ${res.status} ${res.text}`);
  return { code, id: res.body.id };
}

let doc = 0;
export function creditRecord(categoryCode: string, occurredOn: string, extra: Record<string, unknown> = {}) {
  doc += 1;
  return {
    categoryCode,
    occurredOn,
    documentNumber: `测罚〔2025〕${Date.now() % 1e6}-${doc}号`,
    issuingDepartment: '厦门市市场监督管理局',
    legalBasis: '《中华人民共和国产品质量法》第四十九条',
    description: '测试用信用信息',
    ...extra,
  };
}

export async function addRecord(t: TestApp, code: string, categoryCode: string, occurredOn: string): Promise<string> {
  const res: Reply<Ok<'/api/v1/enterprises/{code}/credit-records', 'post'>> = await (
    await t.as('registrar')
  )
    .post(`/api/v1/enterprises/${code}/credit-records`)
    .send(creditRecord(categoryCode, occurredOn));
  if (res.status !== 201) throw new Error(`add record: ${res.status} ${res.text}`);
  return res.body.id;
}

export function db(t: TestApp): DataSource {
  return t.app.get<DataSource>(getDataSourceToken());
}

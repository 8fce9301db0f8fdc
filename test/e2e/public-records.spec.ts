import { addDays, todayInChina } from '#qcr/platform';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { registerEnterprise, type TestEnterprise } from './checks.fixtures.js';
import { creditRecord } from './credit-grading-helpers.js';
import type { Ok, Reply } from './typed-http.js';

/** Issue 17: the public card shows the credit records within their publication period (公示), without personal data. */
describe('published credit records on the public card', () => {
  let t: TestApp;
  let e: TestEnterprise;
  const today = todayInChina();
  beforeAll(async () => {
    t = await createTestApp();
    e = await registerEnterprise(t);
  });
  afterAll(() => t.close());

  const add = async (category: string, occurredOn: string, description: string) => {
    const res: Reply<Ok<'/api/v1/enterprises/{code}/credit-records', 'post'>> = await (
      await t.as('registrar')
    )
      .post(`/api/v1/enterprises/${e.uscc}/credit-records`)
      .send(creditRecord(category, occurredOn, { description }));
    expect(res.status).toBe(201);
    return res.body as { id: string; documentNumber: string };
  };

  it('lists records in their publication period, newest first, and leaves out ended, descriptions and ids', async () => {
    const penalty = await add('penalty_general', addDays(today, -40), '法定代表人张三签收处罚决定书');
    const award = await add('quality_award', addDays(today, -10), '获奖说明');
    const ended = await add('penalty_minor', addDays(today, -200), '三个月公示期已过'); // minor: 3 months
    const res: Reply<Ok<'/api/v1/public/enterprises/{code}'>> = await t.http().get(`/api/v1/public/enterprises/${e.uscc}`);
    expect(res.status).toBe(200);
    expect(res.body.creditRecords).toEqual([
      {
        category: { code: 'quality_award', name: { zh: expect.stringContaining('质量奖'), en: expect.any(String) } },
        polarity: 'positive',
        severity: 'positive',
        occurredOn: addDays(today, -10),
        publishUntil: expect.any(String),
        documentNumber: award.documentNumber,
        issuingDepartment: '厦门市市场监督管理局',
        legalBasis: expect.stringContaining('产品质量法'),
        disputed: false,
      },
      expect.objectContaining({
        category: expect.objectContaining({ code: 'penalty_general' }),
        polarity: 'negative',
        documentNumber: penalty.documentNumber,
        disputed: false,
      }),
    ]);
    const text = JSON.stringify(res.body);
    for (const hidden of ['张三', '获奖说明', ended.documentNumber, penalty.id, award.id, 'createdBy', 'description', '测试人'])
      expect(text).not.toContain(hidden);
  });

  it('marks a record under objection as disputed, still published', async () => {
    const record = await add('sampling_failed', addDays(today, -5), '抽查');
    const objection = await (await t.as('registrar')).post(`/api/v1/credit-records/${record.id}/objections`).send({ reason: '企业称样品非本企业生产' });
    expect(objection.status).toBe(201);
    const res: Reply<Ok<'/api/v1/public/enterprises/{code}'>> = await t.http().get(`/api/v1/public/enterprises/${e.uscc}`);
    expect(res.body.creditRecords.find((r: { documentNumber: string }) => r.documentNumber === record.documentNumber)).toMatchObject({ disputed: true });
  });
});

import type { Page } from 'playwright-core';
import { bodyOf } from '../helpers/body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';
import { decide, type Made, readyToDecide, registerEnterprise, setGrade } from './fixtures.js';

/**
 * Issue 16: the reviewer decides from the enterprise's case file with the case in front of them — the
 * computed grade and its explanation beside the requested one, the disputed record with its document and
 * basis, the reasons and who asked (names, never ids) — through a confirmation; and approves revocation
 * proposals (credit record, listing) in the console, four-eyes as the API enforces.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('regulators console: deciding from the case file in Chromium', () => {
  let t: TestApp;
  let b: BrowserSession;
  const password = process.env.QCR_TEST_DEMO_PASSWORD!;
  let ent: Made;
  let disputedId: string;
  let revokingId: string;
  let listedEnt: Made;
  let listingId: string;
  const stamp = Date.now() % 100000;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    b = await launchChromium((await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
    console.log(`decision screenshots: ${b.screenshotDir}`);
    ent = await registerEnterprise(t, '案卷决定');
    const registrar = await t.as('registrar');
    const record = async (doc: string) => {
      const res = await registrar.post(`/api/v1/enterprises/${ent.code}/credit-records`).send({
        categoryCode: 'sampling_failed',
        occurredOn: '2025-04-01',
        documentNumber: doc,
        issuingDepartment: '厦门市市场监督管理局',
        legalBasis: '《中华人民共和国产品质量法》第十五条',
        description: '浏览器测试：抽检批次不合格',
      });
      if (res.status !== 201) throw new Error(`record: ${res.status} ${res.text}`);
      return bodyOf<{ id: string }>(res).id;
    };
    disputedId = await record(`案卷异议〔2025〕${stamp}号`);
    const obj = await registrar.post(`/api/v1/credit-records/${disputedId}/objections`).send({ reason: '浏览器测试：企业称样品系假冒' });
    if (obj.status !== 201) throw new Error(`objection: ${obj.status} ${obj.text}`);
    revokingId = await record(`案卷撤销〔2025〕${stamp}号`);
    const reviewer = await t.as('reviewer');
    const rv = await reviewer.post(`/api/v1/credit-records/${revokingId}/revoke`).send({ reason: '浏览器测试：文书号张冠李戴' });
    if (rv.status !== 202) throw new Error(`revoke record: ${rv.status} ${rv.text}`);
    // the grade in force A (as if graded long ago; the records above regraded it), then the grader's proposal
    await setGrade(t, ent, 'A');
    const grader = await t.as('grader');
    const o = await grader.post(`/api/v1/enterprises/${ent.code}/grade-overrides`).send({ grade: 'B', reason: '浏览器测试：现场检查发现检验记录缺失' });
    if (o.status !== 201) throw new Error(`override: ${o.status} ${o.text}`);
    listedEnt = await registerEnterprise(t, '名单撤销');
    listingId = await readyToDecide(t, listedEnt, '浏览器测试：撤销用例');
    await decide(t, listingId);
    const lr = await reviewer.post(`/api/v1/listings/${listingId}/revoke`).send({ reason: '浏览器测试：处罚决定已被复议撤销' });
    if (lr.status !== 202) throw new Error(`revoke listing: ${lr.status} ${lr.text}`);
  });

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  async function signIn(page: Page, role: string) {
    await page.fill('#staff-login input[name=username]', role);
    await page.fill('#staff-login input[name=password]', password);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector(`#who:has-text("${role}")`);
  }

  async function decideCard(page: Page, card: string, key: string, reason?: string) {
    const c = page.locator(card);
    await c.locator(`[data-action="${key}"]`).click();
    if (reason !== undefined) {
      await c.locator('input[name=reason]').fill(reason);
      await c.locator(`[data-action-submit="${key}"]`).click();
    }
    await c.locator('.confirm').waitFor();
    return c;
  }

  it('the override and the objection are decided on the enterprise page, evidence in view, after confirmation', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, 'reviewer2');
    // from the queue to the enterprise's case file
    await page.locator('#queue-overrides tr', { hasText: ent.name }).locator('a.case-link').click();
    await page.waitForSelector('#decisions article.decision');
    const decisions = await page.textContent('#decisions');
    expect(decisions).not.toMatch(UUID);
    const override = page.locator('#decisions [data-decision="override"]');
    const text = await override.textContent();
    expect(text).toContain('计算等级');
    expect(await override.locator('.grade').first().textContent()).toBe('A'); // the computed grade …
    expect(await override.locator('.grade').nth(1).textContent()).toBe('B'); // … beside the requested one
    expect(text).toContain('浏览器测试：现场检查发现检验记录缺失');
    expect(text).toContain('grader');
    const objection = page.locator('#decisions [data-decision="objection"]');
    const otext = await objection.textContent();
    for (const s of [
      '监督抽查不合格',
      `案卷异议〔2025〕${stamp}号`,
      '《中华人民共和国产品质量法》第十五条',
      '浏览器测试：抽检批次不合格',
      '浏览器测试：企业称样品系假冒',
      'registrar',
    ])
      expect(otext).toContain(s);
    await b.shot(page, 'decisions-case');

    const confirm = (await decideCard(page, '#decisions [data-decision="override"]', 'action.approve', '复核属实')).locator('.confirm');
    expect(await confirm.textContent()).toMatch(/自今日（\d{4}-\d{2}-\d{2}）起该企业公示等级由 A 调整为 B/);
    expect(await confirm.textContent()).toContain('计算依据'); // the evidence again, in the confirmation
    await b.shot(page, 'decisions-override-confirm');
    await confirm.locator('[data-confirm="action.approve"]').click();
    await page.waitForSelector('#enterprise-flash .msg-ok');
    expect(await page.textContent('#enterprise-flash')).toContain('已完成：批准');
    const grade = bodyOf<Record<string, unknown>>(await (await t.as('reviewer')).get(`/api/v1/enterprises/${ent.code}/grade`));
    expect(grade).toMatchObject({ grade: 'B', overridden: true });

    await page.waitForSelector('#decisions [data-decision="objection"]');
    const oc = (await decideCard(page, '#decisions [data-decision="objection"]', 'action.rejectObjection', '抽样程序合法')).locator('.confirm');
    expect(await oc.textContent()).toContain('该记录恢复为有效');
    await oc.locator('[data-confirm="action.rejectObjection"]').click();
    await page.waitForSelector('#enterprise-flash .msg-ok');
    expect(bodyOf<{ status: string }>(await (await t.as('reviewer')).get(`/api/v1/credit-records/${disputedId}`)).status).toBe('active');
    await page.waitForSelector('#decisions [data-decision="recordRevocation"]');
    expect(await page.locator('#decisions [data-decision="override"], #decisions [data-decision="objection"]').count()).toBe(0);
    await page.close();
  });

  it('a record revocation: the proposer is refused (four eyes), a second reviewer approves it', async () => {
    const card = '#decisions [data-decision="recordRevocation"]';
    const { page } = await b.newPage();
    await page.goto(`/portal/#/console/enterprise?code=${ent.code}`);
    await signIn(page, 'reviewer');
    await page.waitForSelector(card);
    expect(await page.textContent(card)).toContain('浏览器测试：文书号张冠李戴');
    const c = await decideCard(page, card, 'action.approveRevocation');
    expect(await c.locator('.confirm').textContent()).toContain('不再计入信用等级');
    await c.locator('[data-confirm="action.approveRevocation"]').click();
    await c.locator('.msg-error').waitFor();
    expect(await c.locator('.msg-error').textContent()).toContain('提出撤销者不得自行批准撤销');
    await b.shot(page, 'decisions-four-eyes');
    expect(bodyOf<{ status: string }>(await (await t.as('reviewer')).get(`/api/v1/credit-records/${revokingId}`)).status).toBe('active');
    await page.close();

    const second = (await b.newPage()).page;
    await second.goto(`/portal/#/console/enterprise?code=${ent.code}`);
    await signIn(second, 'reviewer2');
    await second.waitForSelector(card);
    const c2 = await decideCard(second, card, 'action.approveRevocation');
    await c2.locator('[data-confirm="action.approveRevocation"]').click();
    await second.waitForSelector('#enterprise-flash .msg-ok');
    expect(await second.textContent('#enterprise-flash')).toContain('已完成：批准撤销');
    expect(bodyOf<{ status: string }>(await (await t.as('reviewer')).get(`/api/v1/credit-records/${revokingId}`)).status).toBe('revoked');
    await second.waitForSelector('#decisions-none');
    await second.close();
  });

  it('a listing revocation is approved from the queue and the case file by the second reviewer', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, 'reviewer2');
    const row = page.locator(`#queue-revocation_pending tr.listing-${listingId}`);
    await row.waitFor();
    expect(await page.textContent('#queue-revocation_pending')).not.toMatch(UUID);
    await row.locator('a.case-link').click();
    await page.waitForSelector('#case-actions [data-action="action.approveRevocation"]');
    expect(await page.textContent('#case-actions')).toContain('浏览器测试：处罚决定已被复议撤销');
    expect(await page.locator('#case-actions [data-action="action.revoke"]').count()).toBe(0); // one proposal at a time
    await page.click('#case-actions [data-action="action.approveRevocation"]');
    const confirm = page.locator('#case-actions .confirm');
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('不再公示');
    await b.shot(page, 'decisions-listing-revocation');
    await confirm.locator('[data-confirm="action.approveRevocation"]').click();
    await page.waitForSelector('#case-flash .msg-ok');
    expect(bodyOf<{ status: string }>(await (await t.as('reviewer')).get(`/api/v1/listings/${listingId}`)).status).toBe('revoked');
    await page.close();
  });
});

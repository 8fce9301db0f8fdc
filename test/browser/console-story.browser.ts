import type { Page } from 'playwright-core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { randomUscc } from '#qcr/identifiers';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { defined } from '../helpers/defined.js';
import { launchChromium, type BrowserSession } from './chromium.js';

/**
 * Issue 16, the full story through the console only, one screenshot per step: the registrar
 * registers an enterprise and records a heavier penalty (the grade falls); the officer proposes a
 * listing from the enterprise page, notifies, records a statement and the waiver of the rest; a
 * second user, the reviewer, decides from the case file; the public card and a partner's check
 * restrict; the officer files a repair application, the reviewer approves it, and it is lifted.
 * One step is not the UI's: a year passing before repair is allowed (the listing's dates are moved
 * back, as the e2e tests do).
 */
describe('regulators console: the full story in Chromium', () => {
  let t: TestApp;
  let b: BrowserSession;
  const password = process.env.QCR_TEST_DEMO_PASSWORD!;
  const code = randomUscc(Math.random, { division: '350200' });
  const name = `浏览器全程${code.slice(-4)}有限公司`;
  const reason = '浏览器全程：生产销售不合格燃气灶具，货值金额较大';

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    b = await launchChromium((await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
    console.log(`story screenshots: ${b.screenshotDir}`);
  });

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  const db = () => t.app.get<DataSource>(getDataSourceToken()); // only to let a year pass before repair

  async function as(role: string, hash: string): Promise<Page> {
    const { page } = await b.newPage();
    await page.goto(`/portal/#/${hash}`);
    await page.fill('#staff-login input[name=username]', role);
    await page.fill('#staff-login input[name=password]', password);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector(`#who:has-text("${role}")`);
    return page;
  }

  async function caseAction(page: Page, key: string, fill: Record<string, string> = {}, confirm = false) {
    await page.click(`#case-actions [data-action="${key}"]`);
    for (const [field, value] of Object.entries(fill)) {
      const el = page.locator(`#case-actions [name="${field}"]`);
      if ((await el.evaluate((e) => (e as { tagName: string }).tagName)) === 'SELECT') await el.selectOption(value);
      else if ((await el.getAttribute('type')) === 'checkbox') await el.check();
      else await el.fill(value);
    }
    if (Object.keys(fill).length) await page.click(`#case-actions [data-action-submit="${key}"]`);
    if (confirm) await page.click(`#case-actions [data-confirm="${key}"]`);
    await page.waitForSelector('#case-flash .msg-ok'); // opening the action cleared the previous message
  }

  async function partnerVerdict(): Promise<string> {
    for (let i = 0; i < 30 && (await t.partner().get('/api/v1/measures')).status === 401; i++) await new Promise((r) => setTimeout(r, 500));
    const { page } = await b.newPage();
    await page.goto('/portal/#/check');
    await page.fill('#partner-login input[name=apiKey]', t.demoApiKey);
    await page.click('#partner-login button[type=submit]');
    await page.fill('#check-form textarea[name=codes]', code);
    await page.selectOption('#check-form select[name=purpose]', 'government_procurement');
    await page.click('#check-form button[type=submit]');
    await page.waitForSelector('#check-table');
    const verdict = (await page.textContent('#check-table tbody tr .verdict')) ?? '';
    await b.shot(page, `partner-check-${verdict}`);
    await page.close();
    return verdict;
  }

  async function publicListings(): Promise<string> {
    const { page } = await b.newPage();
    await page.goto(`/portal/#/lookup?q=${code}`);
    await page.waitForSelector('#enterprise-card');
    const text = (await page.textContent('#enterprise-card')) ?? '';
    await b.shot(page, 'public-card');
    await page.close();
    return text;
  }

  it('register → penalty → grade falls → propose → notify → statement → decide (second user) → restricted → repair → lifted', async () => {
    // registrar: register
    const registrar = await as('registrar', 'console/register');
    await registrar.fill('#register-form input[name=code]', code);
    await registrar.fill('#register-form input[name=name]', name);
    await registrar.fill('#register-form input[name=legalRep]', '赵六');
    await registrar.selectOption('#register-form select[name=industryCode]', 'C');
    await registrar.click('#register-form button[type=submit]');
    await registrar.waitForSelector('#record h2');
    await b.shot(registrar, 'story-registered');
    // registrar: a quality award first (graded), then a heavier penalty: the grade falls
    const record = async (category: string, document: string, on: string) => {
      await registrar.click('#credit-add summary');
      await registrar.waitForSelector(`#credit-form select[name=categoryCode] option[value=${category}]`, { state: 'attached' });
      await registrar.selectOption('#credit-form select[name=categoryCode]', category);
      await registrar.fill('#credit-form input[name=occurredOn]', on);
      await registrar.fill('#credit-form input[name=documentNumber]', document);
      await registrar.fill('#credit-form input[name=issuingDepartment]', '厦门市市场监督管理局');
      await registrar.fill('#credit-form input[name=legalBasis]', '《中华人民共和国产品质量法》');
      await registrar.click('#credit-form button[type=submit]');
      await registrar.waitForSelector(`#enterprise-flash .msg-ok:has-text("${document}")`);
      await registrar.waitForSelector('#grade .grade');
      return (await registrar.textContent('#grade .grade')) ?? '';
    };
    const before = await record('quality_award', `厦质奖〔2025〕${code.slice(-5)}号`, '2025-01-10');
    await b.shot(registrar, 'story-graded');
    const fallen = await record('penalty_heavier', `厦市监罚〔2025〕${code.slice(-5)}号`, '2025-05-20');
    const order = ['AAA', 'AA', 'A', 'B', 'C', 'D'];
    expect(order.indexOf(fallen)).toBeGreaterThan(order.indexOf(before));
    await b.shot(registrar, 'story-grade-fell');
    await registrar.close();

    // officer: propose from the enterprise page, then notify and record statements on the case file
    const officer = await as('officer', `console/enterprise?code=${code}`);
    await officer.click('#propose-listing summary');
    await officer.waitForSelector('#propose-form select[name=listType] option[value=quality_serious_dishonesty]', { state: 'attached' });
    await officer.selectOption('#propose-form select[name=listType]', 'quality_serious_dishonesty');
    await officer.fill('#propose-form input[name=reason]', reason);
    await officer.fill('#propose-form input[name=legalBasis]', '《市场监督管理严重违法失信名单管理办法》第十条');
    await officer.fill('#propose-form input[name=penaltyDocumentNumber]', `厦市监罚〔2025〕${code.slice(-5)}号`);
    await officer.fill('#propose-form input[name=penaltyDecidedOn]', '2025-05-20');
    await officer.fill('#propose-form input[name=penaltyAuthority]', '厦门市市场监督管理局');
    await officer.click('#propose-form button[type=submit]');
    await officer.waitForSelector('#case-summary');
    expect(await officer.textContent('#case-summary [data-status]')).toBe('拟列入');
    await b.shot(officer, 'story-proposed');
    await caseAction(officer, 'action.notify', { statementDays: '10' });
    expect(await officer.textContent('#case-summary [data-status]')).toBe('已告知');
    await caseAction(officer, 'action.statement', { kind: 'statement', summary: '企业书面陈述：已召回全部问题产品' });
    await caseAction(officer, 'action.statement', { kind: 'waiver', summary: '企业书面确认不再补充陈述申辩' });
    expect(await officer.textContent('#case-statements')).toContain('已召回全部问题产品');
    await b.shot(officer, 'story-statements');
    const caseUrl = officer.url();
    const caseHash = defined(caseUrl.split('#/')[1], "the case page's hash route");
    await officer.close();

    // reviewer (a second user): decide from the case file, with the confirmation
    const reviewer = await as('reviewer', caseHash);
    await reviewer.waitForSelector('#case-actions [data-action="action.decide"]');
    await reviewer.click('#case-actions [data-action="action.decide"]');
    await reviewer.fill('#case-actions [name=decisionNumber]', `厦市监列〔2025〕${code.slice(-5)}号`);
    await reviewer.click('#case-actions [data-action-submit="action.decide"]');
    expect(await reviewer.textContent('#case-actions .confirm')).toContain('起该企业将在公开查询页公示');
    await b.shot(reviewer, 'story-decide-confirm');
    await reviewer.click('#case-actions [data-confirm="action.decide"]');
    await reviewer.waitForSelector('#case-flash .msg-ok');
    expect(await reviewer.textContent('#case-summary [data-status]')).toBe('公示中');
    const steps = await reviewer.textContent('#case-steps');
    for (const s of ['提出拟列入', '告知', '记录陈述申辩', '决定列入', 'officer', 'reviewer', '陈述期限：', '决定文号：']) expect(steps).toContain(s);
    expect(steps).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // no ids in the steps
    await b.shot(reviewer, 'story-decided-case-file');
    await reviewer.close();

    expect(await publicListings()).toContain(reason);
    expect(await partnerVerdict()).toBe('受限');

    // a year on (the listing's dates moved back), the officer files the repair application
    const listingId = new URL(caseUrl.replace('#/', '')).searchParams.get('id');
    await db().query(
      `UPDATE blacklist.listings SET decided_at = decided_at - interval '400 days', start_date = start_date - 400, planned_end_date = planned_end_date - 400,
              notice_date = notice_date - 400, statement_deadline = statement_deadline - 400, notified_at = notified_at - interval '400 days',
              proposed_at = proposed_at - interval '400 days' WHERE id = $1`,
      [listingId],
    );
    const officer2 = await as('officer', caseHash);
    await caseAction(officer2, 'action.applyRepair', {
      penaltiesFulfilled: 'x',
      harmRemedied: 'x',
      pledgeFiled: 'x',
      statement: '罚款已缴清，问题产品已全部召回',
    });
    expect(await officer2.textContent('#case-repairs')).toContain('罚款已缴清');
    expect(await officer2.textContent('#case-steps')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/); // repair_apply carries the application id
    await b.shot(officer2, 'story-repair-applied');
    await officer2.close();

    const reviewer2 = await as('reviewer', caseHash);
    await caseAction(reviewer2, 'action.approveRepair', {}, true);
    expect(await reviewer2.textContent('#case-summary [data-status]')).toBe('已信用修复');
    await b.shot(reviewer2, 'story-repaired');
    await reviewer2.close();

    expect(await publicListings()).not.toContain(reason);
    expect(await partnerVerdict()).not.toBe('受限');

    // the auditor sees the case file's audit entries, each step with who did it
    const auditor = await as('auditor', caseHash);
    await auditor.waitForSelector('#case-audit table');
    const audit = await auditor.textContent('#case-audit');
    for (const a of ['listing.propose', 'listing.notify', 'listing.decide', 'listing.repair']) expect(audit).toContain(a);
    expect(audit).toContain('reviewer');
    await b.shot(auditor, 'story-audit');
    await auditor.close();
  });
});

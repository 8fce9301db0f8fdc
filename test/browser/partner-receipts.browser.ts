import { bodyOf, type Schema } from '../helpers/body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';
import { registerEnterprise } from './fixtures.js';

/**
 * Issue 16 (应查必查、反馈, docs/checks.md): a partner agency signed in with its key sees its check receipts and reports
 * back; the feedback appears in the staff feedback queue (reviewer).
 */
describe('partner receipts and feedback in Chromium', () => {
  let t: TestApp;
  let b: BrowserSession;
  const password = process.env.QCR_TEST_DEMO_PASSWORD!;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    b = await launchChromium((await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
  });

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  it('the partner gives feedback on a receipt; the reviewer reads it in the queue', async () => {
    const e = await registerEnterprise(t, '回执反馈');
    for (let i = 0; i < 30 && (await t.partner().get('/api/v1/checks/purposes')).status === 401; i++) await new Promise((r) => setTimeout(r, 500));
    const check = await t.partner().get(`/api/v1/checks/${e.code}?purpose=government_procurement`);
    expect(check.status).toBe(200);
    const receiptId = bodyOf<Schema<'CheckResult'>>(check).receipt.receiptId;

    const { page } = await b.newPage();
    await page.goto('/portal/#/receipts?feedback=missing');
    await page.fill('#partner-login input[name=apiKey]', t.demoApiKey);
    await page.click('#partner-login button[type=submit]');
    const row = page.locator(`#receipt-list tr.receipt-${receiptId}`);
    await row.waitFor();
    expect(await row.textContent()).toContain(e.name);
    expect(await row.textContent()).toContain('政府采购');
    await row.locator('[data-action="action.giveFeedback"]').click();
    await row.locator('select[name=outcome]').selectOption('not_applied');
    await row.locator('input[name=reason]').fill('该企业未中标，无需采取措施');
    await b.shot(page, 'receipt-feedback-form');
    await row.locator('[data-action-submit="action.giveFeedback"]').click();
    await page.waitForSelector('#receipt-flash .msg-ok');
    expect(await page.locator(`#receipt-list tr.receipt-${receiptId}`).count()).toBe(0); // no longer awaiting feedback
    await page.goto('/portal/#/receipts');
    await page.waitForSelector(`#receipt-list tr.receipt-${receiptId} .feedback-given`);
    expect(await page.textContent(`#receipt-list tr.receipt-${receiptId}`)).toContain('未采取措施：该企业未中标，无需采取措施');
    const api = await t.partner().get(`/api/v1/checks/receipts/${receiptId}`);
    expect(bodyOf<{ feedback: unknown }>(api).feedback).toMatchObject({ outcome: 'not_applied', reason: '该企业未中标，无需采取措施' });
    await page.close();

    const staff = (await b.newPage()).page;
    await staff.goto('/portal/#/console/feedback');
    await staff.fill('#staff-login input[name=username]', 'reviewer');
    await staff.fill('#staff-login input[name=password]', password);
    await staff.click('#staff-login button[type=submit]');
    const fb = staff.locator('#feedback-list tr', { hasText: e.name });
    await fb.waitFor();
    expect(await fb.textContent()).toContain('未采取措施：该企业未中标，无需采取措施');
    expect(await staff.textContent('#feedback-list')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await b.shot(staff, 'feedback-queue');
    await staff.close();
  });
});

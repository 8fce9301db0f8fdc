import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { randomUscc } from '#qcr/identifiers';
import { bodyOf } from '../helpers/body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';
import { badCheckUscc } from './fixtures.js';

/**
 * Issue 16: the registrar's file imports in the console — a progress bar while the file is sent, then while the
 * server reads rows, the counts and the per-row error report (downloadable), and cancel during the upload.
 */
describe('regulators console: imports with progress in Chromium', () => {
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

  async function signIn(page: Page, role: string) {
    await page.fill('#staff-login input[name=username]', role);
    await page.fill('#staff-login input[name=password]', password);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector(`#who:has-text("${role}")`);
  }

  it('imports enterprises and credit records: counts, the rejected rows, the error report', async () => {
    const good: [string, string] = [randomUscc(Math.random, { division: '350200' }), randomUscc(Math.random, { division: '350200' })];
    const bad = badCheckUscc();
    const csv = `统一社会信用代码,企业名称,行业门类\n${good[0]},导入测试甲${good[0].slice(-4)}有限公司,C\n${bad},导入测试乙有限公司,C\n${good[1]},导入测试丙${good[1].slice(-4)}有限公司,C\n`;
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, 'registrar');
    await page.click('nav.sub-nav a:has-text("批量导入")');
    await page.waitForSelector('#import-form');
    await page.selectOption('#import-form select[name=kind]', 'enterprises');
    await page.setInputFiles('#import-form input[name=file]', { name: 'enterprises.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.click('#import-form button[type=submit]');
    await page.waitForSelector('#import-result .msg');
    expect(await page.textContent('#import-result')).toContain('读取 3 行，新增 2，更新 0，未变化 0，拒绝 1');
    const errorRow = await page.textContent('#import-errors tbody tr');
    expect(errorRow).toContain('3'); // the line of the bad code
    expect(errorRow).toContain('uscc_check');
    expect(await page.evaluate('document.activeElement?.id')).toBe('import-result');
    await b.shot(page, 'import-enterprises');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#import-download')]);
    const report = readFileSync(await dl.path(), 'utf8');
    expect(report).toContain('line,field,rule,message');
    expect(report).toMatch(/\n3,[^\n]*uscc_check/);
    expect((await (await t.as('registrar')).get(`/api/v1/enterprises/${good[1]}`)).status).toBe(200);

    const credit =
      `enterprise_code,category_code,occurred_on,document_number,issuing_department,legal_basis\n` +
      `${good[0]},sampling_failed,2025-05-06,导入抽〔2025〕${Date.now() % 1e5}号,厦门市市场监督管理局,《产品质量法》第十五条\n` +
      `${good[1]},no_such_category,2025-05-06,导入抽〔2025〕2号,厦门市市场监督管理局,《产品质量法》第十五条\n`;
    await page.selectOption('#import-form select[name=kind]', 'creditRecords');
    await page.setInputFiles('#import-form input[name=file]', { name: 'records.csv', mimeType: 'text/csv', buffer: Buffer.from(credit) });
    await page.click('#import-form button[type=submit]');
    await page.waitForSelector('#import-result .msg');
    expect(await page.textContent('#import-result')).toContain('新增 1');
    expect(await page.textContent('#import-result')).toContain('拒绝 1');
    expect(await page.textContent('#import-errors tbody tr')).toContain('category');
    const records = bodyOf<{ items: unknown[] }>(await (await t.as('registrar')).get(`/api/v1/enterprises/${good[0]}/credit-records`)).items;
    expect(records).toHaveLength(1);
    await b.shot(page, 'import-credit');
    await page.close();
  });

  it('shows the upload progress and cancels it', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/imports');
    await signIn(page, 'registrar');
    await page.waitForSelector('#import-form');
    // a slow line (DevTools network emulation) so the upload takes seconds
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
    const big = `统一社会信用代码,企业名称,行业门类\n${Array.from({ length: 20000 }, (_, i) => `91350200XXXXXXXXX${i % 10},取消测试企业${i}有限公司,C`).join('\n')}\n`;
    await page.setInputFiles('#import-form input[name=file]', { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(big) });
    await page.click('#import-form button[type=submit]');
    // polled from here: the portal's CSP (script-src 'self') refuses waitForFunction's eval
    const progress = () => page.locator('#import-progress').evaluate((p: { hidden: boolean; value: number }) => (p.hidden ? -1 : p.value));
    for (let i = 0; i < 100 && !((await progress()) > 0); i++) await new Promise((r) => setTimeout(r, 100));
    const value = await progress();
    expect(value).toBeGreaterThan(0);
    expect(value).toBeLessThan(100);
    expect(await page.textContent('#import-status')).toMatch(/正在上传：\d+ KB \/ [\d.]+ MB（\d+%）/);
    await b.shot(page, 'import-progress');
    await page.click('#import-cancel');
    await page.waitForSelector('#import-result .msg-warn');
    expect(await page.textContent('#import-result')).toContain('已取消上传');
    expect(await page.isHidden('#import-progress')).toBe(true);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await page.close();
  });
});

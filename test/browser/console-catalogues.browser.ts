import type { Page } from 'playwright-core';
import { bodyOf } from '../helpers/body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';

/**
 * Issue 16: the administrator edits a credit category (labels, whether it can ground a listing) and a list type's
 * settings in the console, through the confirmation, with the version read; the score effect is shown from the model.
 */
describe('regulators console: categories and list types in Chromium', () => {
  let t: TestApp;
  let b: BrowserSession;
  const password = process.env.QCR_TEST_DEMO_PASSWORD!;
  const TYPE = 'product_quality_safety';
  let original: { statementDays: number };

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    b = await launchChromium((await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
    original = ((await (await t.as('admin')).get('/api/v1/listing-types')).body as Array<{ code: string; statementDays: number }>).find(
      (x) => x.code === TYPE,
    )!;
  });

  afterAll(async () => {
    // the database is shared with other suites: put the settings back
    const admin = t && (await t.as('admin'));
    const types = (await admin.get('/api/v1/listing-types')).body as Array<{ code: string; version: number }>;
    await admin
      .put(`/api/v1/listing-types/${TYPE}`)
      .send({ version: types.find((x) => x.code === TYPE)!.version, statementDays: original.statementDays, reason: '测试结束，恢复' });
    const cat = bodyOf<{ version: number }>(await admin.get('/api/v1/credit-categories/recall'));
    await admin
      .put('/api/v1/credit-categories/recall')
      .send({ version: cat.version, nameEn: 'Defective product recall', groundsListing: false, reason: '测试结束，恢复' });
    await b?.close();
    await t?.close();
  });

  async function signIn(page: Page, role: string) {
    await page.fill('#staff-login input[name=username]', role);
    await page.fill('#staff-login input[name=password]', password);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector(`#who:has-text("${role}")`);
  }

  it('admin edits a category and a list type; the change is saved with a new version', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, 'admin');
    await page.click('nav.sub-nav a:has-text("类别与名单设置")');
    await page.waitForSelector('#catalogue-categories table');
    const recall = page.locator('#catalogue-categories tr.category-recall');
    expect(await recall.textContent()).toContain('缺陷产品召回');
    expect(await recall.textContent()).toMatch(/-\d+ 分，\d+ 个月内计分/); // the model's points for it
    expect(await recall.locator('[data-grounds]').textContent()).toBe('否');
    expect(await page.locator('#catalogue-categories tr.category-penalty_heavier [data-grounds]').textContent()).toBe('是');

    await recall.locator('[data-action="action.editCategory"]').click();
    await recall.locator('input[name=nameEn]').fill('Defective product recall (mandatory)');
    await recall.locator('input[name=groundsListing]').check();
    await recall.locator('input[name=reason]').fill('省局通知：强制召回可作为列入依据');
    await recall.locator('[data-action-submit="action.editCategory"]').click();
    expect(await recall.locator('.confirm').textContent()).toContain('保存后立即生效');
    await b.shot(page, 'catalogue-category-confirm');
    await recall.locator('[data-confirm="action.editCategory"]').click();
    await page.waitForSelector('#catalogue-flash .msg-ok');
    expect(await page.textContent('#catalogue-flash')).toContain('已保存：缺陷产品召回');
    await page.waitForSelector('#catalogue-categories tr.category-recall [data-grounds="true"]');
    expect(await page.textContent('#catalogue-categories tr.category-recall')).toContain('Defective product recall (mandatory)');
    expect((await (await t.as('officer')).get('/api/v1/credit-categories/recall')).body).toMatchObject({
      groundsListing: true,
      name: { en: 'Defective product recall (mandatory)' },
    });

    const row = page.locator(`#catalogue-list-types tr.list-type-${TYPE}`);
    await row.locator('[data-action="action.editListType"]').click();
    await row.locator('input[name=statementDays]').fill('15');
    await row.locator('input[name=reason]').fill('陈述申辩期延长至15天');
    await row.locator('[data-action-submit="action.editListType"]').click();
    const confirm = row.locator('.confirm');
    expect(await confirm.textContent()).toContain(`${original.statementDays} → 15`);
    expect(await confirm.textContent()).toContain('只对之后提出的拟列入生效');
    await b.shot(page, 'catalogue-list-type-confirm');
    await confirm.locator('[data-confirm="action.editListType"]').click();
    await page.waitForSelector('#catalogue-flash .msg-ok');
    const after = ((await (await t.as('officer')).get('/api/v1/listing-types')).body as Array<{ code: string; statementDays: number }>).find(
      (x) => x.code === TYPE,
    )!;
    expect(after.statementDays).toBe(15);
    expect(await page.textContent('#catalogue-list-types')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);

    // English labels
    await page.click('#lang-switch');
    await page.waitForSelector('#catalogue-categories table');
    expect(await page.textContent('#catalogue-categories')).toContain('Can ground a listing');
    await b.shot(page, 'catalogue-en');
    await page.close();
  });

  it('a stale edit (someone saved meanwhile) is refused with the server’s message', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/catalogues');
    await signIn(page, 'admin');
    const row = page.locator(`#catalogue-list-types tr.list-type-${TYPE}`);
    await row.locator('[data-action="action.editListType"]').click();
    // another administrator saves in between
    const admin = await t.as('admin');
    const now = ((await admin.get('/api/v1/listing-types')).body as Array<{ code: string; version: number }>).find((x) => x.code === TYPE)!;
    expect((await admin.put(`/api/v1/listing-types/${TYPE}`).send({ version: now.version, statementDays: 12, reason: '另一位管理员的修改' })).status).toBe(200);
    await row.locator('input[name=reason]').fill('我的修改');
    await row.locator('[data-action-submit="action.editListType"]').click();
    await row.locator('[data-confirm="action.editListType"]').click();
    await row.locator('.msg-error').waitFor();
    expect(await row.locator('.msg-error').textContent()).toContain('名单类型设置已被他人修改');
    await page.close();
  });
});

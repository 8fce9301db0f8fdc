import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { bodyOf } from '../helpers/body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';
import { registerEnterprise, setGrade } from './fixtures.js';

/**
 * Issue 16 (DOMAIN.md §6 双随机、一公开): the grader draws an inspection plan in the console, reviews it, publishes it
 * through the confirmation and downloads it. An enterprise graded D is always drawn (rate 100 %).
 */
describe('regulators console: inspection plans in Chromium', () => {
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

  it('draws, reviews, publishes and downloads a plan', async () => {
    const worst = await registerEnterprise(t, '抽查计划');
    await setGrade(t, worst, 'D');
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, 'grader');
    await page.click('nav.sub-nav a:has-text("双随机抽查计划")');
    await page.waitForSelector('#plan-list');
    await page.click('#plan-draw summary');
    const title = `浏览器测试抽查计划 ${Date.now() % 100000}`;
    await page.fill('#plan-form input[name=title]', title);
    await page.fill('#plan-form input[name=periodFrom]', '2026-07-01');
    await page.fill('#plan-form input[name=periodTo]', '2026-09-30');
    await page.fill('#plan-form input[name=regionPrefix]', '3502');
    await page.fill('#plan-form textarea[name=inspectors]', '李明\n王芳\n张伟');
    await page.fill('#plan-form input[name=seed]', 'browser-seed-1');
    await page.click('#plan-form button[type=submit]');
    await page.waitForSelector('#plan-view #plan-items');
    expect(await page.textContent('#plan-flash')).toContain(`已完成：抽取 ${title}`);
    const view = await page.textContent('#plan-view');
    expect(view).toContain('草稿（未公开）');
    expect(view).toContain('browser-seed-1');
    expect(view).toContain('D 100%');
    expect(view).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    const row = page.locator('#plan-items tr', { hasText: worst.name });
    expect(await row.locator('.grade').textContent()).toBe('D');
    expect((await row.textContent())!.split('、').length).toBe(2); // two distinct inspectors
    await b.shot(page, 'plan-review');

    const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#plan-download')]);
    const csv = readFileSync(await dl.path(), 'utf8');
    expect(csv).toContain('组织机构代码,企业名称,等级,检查人员');
    expect(csv).toContain(worst.name);

    await page.click('#plan-view [data-action="action.publishPlan"]');
    const confirm = page.locator('#plan-view .confirm');
    expect(await confirm.textContent()).toContain('不显示检查人员姓名');
    await confirm.locator('[data-confirm="action.publishPlan"]').click();
    await page.waitForSelector('#plan-view [data-status="published"]');
    expect(await page.textContent('#plan-flash')).toContain('已完成：公开计划');
    const id = new URL(page.url().replace('#/', '')).searchParams.get('id');
    const pub = await t.http().get(`/api/v1/public/inspection-plans/${id}`);
    expect(pub.status).toBe(200);
    expect(bodyOf<{ items: Array<{ name: string }> }>(pub).items.some((i) => i.name === worst.name)).toBe(true);
    expect(await page.locator('#plan-list tr', { hasText: title }).textContent()).toContain('已公开');
    await page.close();
  });
});

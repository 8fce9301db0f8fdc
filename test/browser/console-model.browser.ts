import type { Page } from 'playwright-core';
import { bodyOf } from '../helpers/body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';

/**
 * Issue 16: the grading model in the console — the active model in words, a new version loaded from a JSON file
 * without effect, its diff against the active one, activation through the confirmation. The new version changes
 * only its name, an inspection rate and one yearly cap (harmless to other suites on the shared database), and the
 * original is activated again at the end.
 */
describe('regulators console: grading model in Chromium', () => {
  let t: TestApp;
  let b: BrowserSession;
  const password = process.env.QCR_TEST_DEMO_PASSWORD!;
  let activeBefore: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    b = await launchChromium((await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
    activeBefore = ((await (await t.as('admin')).get('/api/v1/grading/models')).body as Array<{ version: string; active: boolean }>).find(
      (m) => m.active,
    )!.version;
  });

  afterAll(async () => {
    if (t) await (await t.as('admin')).post(`/api/v1/grading/models/${activeBefore}/activate`).send({ reason: '测试结束，恢复原模型' });
    await b?.close();
    await t?.close();
  });

  async function signIn(page: Page, role: string) {
    await page.fill('#staff-login input[name=username]', role);
    await page.fill('#staff-login input[name=password]', password);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector(`#who:has-text("${role}")`);
  }

  it('admin reads the active model, loads a file, reads the diff and activates it', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/model');
    await signIn(page, 'admin');
    await page.waitForSelector('#model-active');
    const activeText = await page.textContent('#model-active');
    expect(activeText).toContain(`现行模型：${activeBefore}`);
    expect(activeText).toContain('监督抽查不合格'); // indicators by category name
    expect(activeText).toContain('系统（初始迁移）'); // who loaded it, in words
    expect(await page.textContent('#model-versions')).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await b.shot(page, 'model-active');

    // a broken file is named as such, nothing is sent
    await page.setInputFiles('#model-load-form input[name=file]', { name: 'broken.json', mimeType: 'application/json', buffer: Buffer.from('{ "version": ') });
    await page.fill('#model-load-form input[name=reason]', '试载');
    await page.click('#model-load-form button[type=submit]');
    expect(await page.textContent('#model-load .msg-error')).toContain('文件不是有效的 JSON');

    const base = bodyOf<{ inspectionRates: Record<string, number>; indicators: Array<{ category: string; capPerYear: number }> }>(
      await (await t.as('admin')).get(`/api/v1/grading/models/${activeBefore}`),
    );
    const version = `browser-${Date.now().toString(36)}`;
    const next = {
      ...base,
      version,
      name: { zh: '企业质量信用评价模型 测试版', en: 'Test version' },
      inspectionRates: { ...base.inspectionRates, C: 0.6 },
      indicators: base.indicators.map((i) => (i.category === 'chief_quality_officer' ? { ...i, capPerYear: 4 } : i)),
    };
    await page.setInputFiles('#model-load-form input[name=file]', {
      name: `${version}.json`,
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(next, null, 2)),
    });
    await page.fill('#model-load-form input[name=reason]', '省局2026年评价指标调整');
    await page.click('#model-load-form button[type=submit]');
    await page.waitForSelector('#model-diff-table');
    expect(await page.textContent('#model-flash')).toContain(`已载入 ${version}，尚未激活`);
    const rows = await page.locator('#model-diff-table tbody tr').allTextContents();
    expect(rows.some((r) => r.includes('抽查比例') && r.includes('C') && r.includes('0.5') && r.includes('0.6'))).toBe(true);
    expect(rows.some((r) => r.includes('设立首席质量官') && r.includes('每年上限') && r.includes('2') && r.includes('4'))).toBe(true);
    expect(rows.some((r) => r.includes('企业质量信用评价模型 测试版'))).toBe(true);
    expect(rows).toHaveLength(4); // name zh, name en, the rate, the cap — nothing else
    // loaded, not active
    const models = async () => (await (await t.as('grader')).get('/api/v1/grading/models')).body as Array<{ version: string; active: boolean }>;
    expect((await models()).find((m) => m.active)!.version).toBe(activeBefore);
    await b.shot(page, 'model-diff');

    await page.click('#model-diff [data-action="action.activateModel"]');
    await page.fill('#model-diff input[name=reason]', '差异已核对');
    await page.click('#model-diff [data-action-submit="action.activateModel"]');
    const confirm = page.locator('#model-diff .confirm');
    expect(await confirm.textContent()).toContain(`新计算的等级（新记录、每日重评）使用 ${version}`);
    await b.shot(page, 'model-activate-confirm');
    await confirm.locator('[data-confirm="action.activateModel"]').click();
    await page.waitForSelector(`#model-active h2:has-text("${version}")`);
    expect(await page.textContent('#model-flash')).toContain('已完成：激活此版本');
    expect((await models()).find((m) => m.active)!.version).toBe(version);
    expect(await page.textContent(`#model-versions tr.model-${version}`)).toContain('admin');
    await page.close();
  });

  it('a grader reads the model but is offered no loading or activation', async () => {
    const { page } = await b.newPage();
    await page.goto(`/portal/#/console/model?compare=${activeBefore}`);
    await signIn(page, 'grader');
    await page.waitForSelector('#model-active');
    expect(await page.locator('#model-load').count()).toBe(0);
    expect(await page.locator('[data-action="action.activateModel"]').count()).toBe(0);
    await page.close();
  });
});

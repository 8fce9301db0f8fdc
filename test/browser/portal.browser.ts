import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { randomUscc } from '#qcr/identifiers';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';
import { badCheckUscc, decide, fullWidth, type Made, readyToDecide, registerEnterprise, setGrade } from './fixtures.js';

/**
 * The portal in a real browser (Debian's Chromium through playwright-core) against the real app
 * on the run's database: public lookup, a procurement check, sign-in per role, a listing decided
 * in the console reaching the public page, and the statistics charts. Screenshots of every page
 * go to test/browser/screenshots/<time>/ (printed at the start).
 */
describe('web portal in Chromium', () => {
  let t: TestApp;
  let b: BrowserSession;
  let base: string;
  const password = process.env.QCR_TEST_DEMO_PASSWORD!;
  let restricted: Made;
  let priority: Made;
  let clear: Made;
  let toDecide: Made;
  let toDecideId: string;
  const unregistered = randomUscc(Math.random, { division: '350200' });
  const invalid = badCheckUscc();
  const reasonR = '浏览器测试：生产销售不合格电动自行车，货值金额较大';
  const reasonG = '浏览器测试：拒不执行责令召回决定';

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    b = await launchChromium(base);
    console.log(`portal screenshots: ${b.screenshotDir}`);
    restricted = await registerEnterprise(t, '受限');
    await decide(t, await readyToDecide(t, restricted, reasonR));
    priority = await registerEnterprise(t, '优先');
    await setGrade(t, priority, 'AA');
    clear = await registerEnterprise(t, '无限制');
    await setGrade(t, clear, 'A');
    toDecide = await registerEnterprise(t, '待决定');
    toDecideId = await readyToDecide(t, toDecide, reasonG);
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

  async function lookup(page: Page, q: string) {
    await page.evaluate(`document.getElementById('lookup-result').replaceChildren()`); // no stale answer to read
    await page.fill('#lookup-form input[name=q]', q);
    await page.click('#lookup-form button[type=submit]');
    await page.waitForSelector('#lookup-result > :not(p.muted)');
  }

  it('public lookup: a listed enterprise shows its published listing; unknown and invalid codes say why', async () => {
    const { page } = await b.newPage();
    await page.goto('/');
    await page.waitForSelector('#lookup-form');
    expect(await page.textContent('h1')).toBe('企业质量信用公开查询');

    await lookup(page, restricted.code);
    await page.waitForSelector('#enterprise-card');
    expect(await page.textContent('#enterprise-card h2')).toBe(restricted.name);
    const listings = await page.textContent('#public-listings');
    expect(listings).toContain(reasonR);
    expect(listings).toContain('《市场监督管理严重违法失信名单管理办法》第二条');
    expect(await page.textContent('#enterprise-card')).not.toContain('测试法人'); // no personal data
    expect(await page.textContent('#public-grade')).toBe('D'); // the listing's regrade, published
    await b.shot(page, 'public-lookup-listed');

    await lookup(page, clear.code);
    await page.waitForSelector('#no-listings');
    expect(await page.textContent('#public-grade')).toBe('A');

    await lookup(page, unregistered);
    expect(await page.textContent('#lookup-result .msg-warn')).toContain(`未找到该企业：${unregistered}`);
    await b.shot(page, 'public-lookup-not-found');

    await lookup(page, invalid);
    const error = await page.textContent('#lookup-result .msg-error');
    expect(error).toContain('代码无效（统一社会信用代码校验位错误）');
    await b.shot(page, 'public-lookup-invalid-code');

    await lookup(page, '浏览器测试');
    // The public name search: a table of matches with their published grades, never raw JSON.
    await page.waitForSelector('#lookup-matches');
    expect(await page.textContent('#lookup-result')).not.toMatch(/[{}"]code"/);
    const match = page.locator('#lookup-matches tbody tr', { hasText: priority.name });
    expect(await match.locator('.grade').textContent()).toBe('AA');
    await b.shot(page, 'public-lookup-by-name');
    // a real link to the card (it opens in a new tab for the user; followed here in the same page)
    await page.goto(`/portal/${await match.locator('a').getAttribute('href')}`);
    await page.waitForSelector(`#enterprise-card h2:has-text("${priority.name}")`);
    expect(await page.textContent('#public-grade')).toBe('AA');

    await page.click('#lang-switch');
    await page.waitForSelector('h1:has-text("Public lookup")');
    await b.shot(page, 'public-lookup-english');
    await page.close();
  });

  it('procurement check of a pasted list: verdicts in input order, colours, CSV download, printable view', async () => {
    for (let i = 0; i < 30 && (await t.partner().get('/api/v1/measures')).status === 401; i++) await new Promise((r) => setTimeout(r, 500));
    const { page } = await b.newPage();
    await page.goto('/portal/#/check');
    await page.fill('#partner-login input[name=apiKey]', t.demoApiKey);
    await page.click('#partner-login button[type=submit]');
    await page.waitForSelector('#check-form');
    const codes = [restricted.code, priority.code, clear.code, unregistered, invalid, fullWidth(priority.code)];
    await page.fill('#check-form textarea[name=codes]', codes.join('\n'));
    await page.selectOption('#check-form select[name=purpose]', 'government_procurement');
    await page.click('#check-form button[type=submit]');
    await page.waitForSelector('#check-table');

    const rows = page.locator('#check-table tbody tr');
    expect(await rows.count()).toBe(6);
    const verdicts = await page.locator('#check-table tbody tr .verdict').allTextContents();
    expect(verdicts).toEqual(['受限', '优先', '无限制', '未登记', '代码无效', '优先']);
    // Computed colours, read in the page (this file is compiled without the DOM library, hence the cast).
    type InPage = { getComputedStyle(e: unknown): { backgroundColor: string } };
    const colour = (el: ReturnType<typeof rows.nth>) => el.evaluate((e) => (globalThis as unknown as InPage).getComputedStyle(e).backgroundColor);
    const bg = (i: number) => colour(rows.nth(i).locator('td').first());
    expect(await bg(0)).toBe('rgb(253, 231, 231)'); // restricted: red
    expect(await bg(1)).toBe('rgb(230, 244, 234)'); // priority: highlighted green
    expect(await bg(2)).toBe('rgba(0, 0, 0, 0)');
    expect(await colour(rows.nth(0).locator('.verdict'))).toBe('rgb(183, 28, 28)');
    expect(await rows.nth(0).textContent()).toContain(reasonR);
    expect(await rows.nth(4).textContent()).toContain('统一社会信用代码校验位错误');
    expect(await rows.nth(5).textContent()).toContain('与第 2 行重复');
    expect(await rows.nth(1).textContent()).toContain('AA');
    await b.shot(page, 'procurement-check-result');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    expect(download.suggestedFilename()).toMatch(/^checks-government_procurement-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv
      .slice(1)
      .trimEnd()
      .split('\r\n')
      .map((l) => l.split(','));
    // in the page's language (issue 17): Chinese headers and verdicts, same column order as the API's CSV
    expect(lines[0]?.slice(0, 9)).toEqual([
      '序号',
      '输入代码',
      '核查结论',
      '代码错误',
      '重复于第几行',
      '企业名称',
      '统一社会信用代码',
      '组织机构代码',
      '质量信用等级',
    ]);
    expect(lines.slice(1).map((l) => [l[0], l[1], l[2]])).toEqual(
      codes.map((c, i) => [String(i + 1), c, ['受限', '优先', '无限制', '未登记', '代码无效', '优先'][i]]),
    );
    expect(lines[1]?.[5]).toBe(restricted.name);
    expect(lines[2]?.[8]).toBe('AA');
    expect(lines[6]?.[4]).toBe('2');
    expect(lines.slice(1).filter((l) => /^[0-9a-f-]{36}$/.test(l[12] ?? '')).length).toBe(5); // a receipt for every valid code

    await page.click('#print-view');
    await page.waitForSelector('#print-page');
    expect(await page.textContent('#print-page h1')).toBe('供应商质量信用核查结果');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    await b.shot(page, 'procurement-check-print');
    await page.close();
  });

  it('procurement check of an uploaded supplier list (CSV with a 统一社会信用代码 column): one verdict per row, in file order', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/check');
    await page.fill('#partner-login input[name=apiKey]', t.demoApiKey);
    await page.click('#partner-login button[type=submit]');
    await page.waitForSelector('#check-form');
    const csv = `\uFEFF供应商名称,统一社会信用代码\r\n甲公司,${clear.code}\r\n乙公司,${restricted.code}\r\n丙公司,${invalid}\r\n`;
    await page.setInputFiles('#check-form input[name=file]', { name: '供应商名单.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await page.selectOption('#check-form select[name=purpose]', 'government_procurement');
    await page.click('#check-form button[type=submit]');
    await page.waitForSelector('#check-table');
    const verdicts = await page.locator('#check-table tbody tr .verdict').allTextContents();
    expect(verdicts).toEqual(['无限制', '受限', '代码无效']);
    expect(await page.locator('#check-table tbody tr').nth(1).textContent()).toContain(reasonR);
    await b.shot(page, 'procurement-check-upload');
    await page.close();
  });

  const roles = ['registrar', 'grader', 'officer', 'reviewer', 'auditor', 'admin'] as const;
  it.each(roles)('signs in as %s and offers only that role’s actions in the work queues', async (role) => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, role);
    const row = page.locator(`#queue-deadline_passed tr.listing-${toDecideId}`);
    await row.waitFor();
    const mayDecide = role === 'reviewer'; // the administrator decides nothing (issue 13 §6)
    expect(await row.locator('[data-action="action.decide"]').count()).toBe(mayDecide ? 1 : 0);
    expect(await row.locator('[data-action="action.drop"]').count()).toBe(mayDecide ? 1 : 0);
    if (!mayDecide) expect(await row.textContent()).toContain('您的角色无可执行操作');
    await page.locator('#queue-objections').waitFor();
    await b.shot(page, `console-queues-${role}`);
    await page.close();
  });

  it('a listing decided in the console appears on the public page', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, 'reviewer');
    const row = page.locator(`#queue-deadline_passed tr.listing-${toDecideId}`);
    await row.locator('[data-action="action.decide"]').click();
    await row.locator('input[name=decisionNumber]').fill(`浏览列〔2025〕${toDecide.code.slice(-6)}号`);
    await b.shot(page, 'console-decide-form');
    await row.locator('[data-action-submit="action.decide"]').click();
    expect(await row.locator('.confirm').textContent()).toContain('起该企业将在公开查询页公示'); // issue 16: says what becomes public
    await row.locator('[data-confirm="action.decide"]').click();
    await page.waitForSelector('#queue-flash .msg-ok');
    expect(await page.textContent('#queue-flash')).toContain('已完成：决定列入');
    await page.waitForSelector('#queue-deadline_passed');
    expect(await page.locator(`tr.listing-${toDecideId}`).count()).toBe(0);

    await page.goto(`/portal/#/console/enterprise?code=${toDecide.code}`);
    await page.waitForSelector('#record h2');
    await page.waitForSelector('#listings table');
    expect(await page.textContent('#listings')).toContain(reasonG);
    await b.shot(page, 'console-enterprise');
    await page.close();

    const pub = await b.newPage();
    await pub.page.goto(`/portal/#/lookup?q=${toDecide.code}`);
    await pub.page.waitForSelector('#public-listings');
    expect(await pub.page.textContent('#public-listings')).toContain(reasonG);
    await b.shot(pub.page, 'public-after-console-decision');
    await pub.page.close();
  });

  it('statistics page renders its charts and tables, and exports CSV', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/stats');
    await signIn(page, 'auditor');
    for (const id of ['grades', 'listings', 'checks', 'trends']) await page.waitForSelector(`#report-${id} svg.chart`);
    await page.waitForSelector('#report-sampling table');
    expect(await page.locator('svg.chart rect.bar').count()).toBeGreaterThan(0);
    expect(await page.locator('svg.chart polyline.line').count()).toBe(5);
    expect(await page.textContent('#report-grades h2')).toContain('质量信用等级分布');
    expect(await page.textContent('#report-grades table')).toContain('福建省');
    await b.shot(page, 'statistics');

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="grades"]')]);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toBe('\uFEFF行政区划代码,地区,AAA,AA,A,B,C,D,未评价,企业数,AA级及以上占比');
    expect(csv).toContain('350000,福建省');

    await page.selectOption('#stats-controls select[name=by]', 'industry');
    await page.click('#stats-controls button[type=submit]');
    await page.waitForSelector('#report-grades table:has-text("制造业")');
    await page.click('#lang-switch');
    await page.waitForSelector('#report-grades h2:has-text("Grade distribution by industry")');
    await page.waitForSelector('#report-trends svg.chart');
    await b.shot(page, 'statistics-by-industry-english');
    await page.close();
  });
});

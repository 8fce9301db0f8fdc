import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { bodyOf } from '../helpers/body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';
import { badCheckUscc, decide, type Made, readyToDecide, registerEnterprise, setGrade } from './fixtures.js';

/**
 * Issue 16, the console's defects: queue rows name things (no ids), the override row shows the grade
 * in force, decisions and repairs show the evidence and a confirmation saying what becomes public
 * and from when, 不予列入 does not look like 决定列入, the last action's message goes when the next
 * form opens, statuses are words, a malformed code names its rule, and an expired token asks for
 * sign-in over the page and then finishes the half-done action.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('regulators console: queues and decisions in Chromium', () => {
  let t: TestApp;
  let b: BrowserSession;
  const password = process.env.QCR_TEST_DEMO_PASSWORD!;
  let graded: Made;
  let disputed: Made;
  let repairing: Made;
  let repairId: string;
  let toDrop: Made;
  let toDropId: string;
  const docNumber = `浏览抽〔2025〕${Date.now() % 100000}号`;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    b = await launchChromium((await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
    console.log(`console screenshots: ${b.screenshotDir}`);
    // an override proposed by the grader on an enterprise graded A
    graded = await registerEnterprise(t, '调整');
    await setGrade(t, graded, 'A');
    const o = await (
      await t.as('grader')
    )
      .post(`/api/v1/enterprises/${graded.code}/grade-overrides`)
      .send({ grade: 'B', reason: '浏览器测试：现场检查发现质量管理体系失效' });
    if (o.status !== 201) throw new Error(`override: ${o.status} ${o.text}`);
    // an objection raised by the registrar on a failed sampling record
    disputed = await registerEnterprise(t, '异议');
    const registrar = await t.as('registrar');
    const rec = await registrar.post(`/api/v1/enterprises/${disputed.code}/credit-records`).send({
      categoryCode: 'sampling_failed',
      occurredOn: '2025-03-15',
      documentNumber: docNumber,
      issuingDepartment: '厦门市市场监督管理局',
      legalBasis: '《中华人民共和国产品质量法》第十五条',
    });
    if (rec.status !== 201) throw new Error(`record: ${rec.status} ${rec.text}`);
    const obj = await registrar
      .post(`/api/v1/credit-records/${bodyOf<{ id: string }>(rec).id}/objections`)
      .send({ reason: '浏览器测试：企业称样品非本厂生产' });
    if (obj.status !== 201) throw new Error(`objection: ${obj.status} ${obj.text}`);
    // a listing decided 400 days ago with a repair application filed by the officer
    repairing = await registerEnterprise(t, '修复');
    repairId = await readyToDecide(t, repairing, '浏览器测试：修复用例');
    await decide(t, repairId);
    await t.app
      .get<DataSource>(getDataSourceToken())
      .query(
        `UPDATE blacklist.listings SET decided_at = decided_at - interval '400 days', start_date = start_date - 400, planned_end_date = planned_end_date - 400 WHERE id = $1`,
        [repairId],
      );
    const applied = await (await t.as('officer')).post(`/api/v1/listings/${repairId}/repair-applications`).send({
      penaltiesFulfilled: true,
      harmRemedied: true,
      pledgeFiled: true,
      pledgeReference: '承诺书 2026-016',
      statement: '浏览器测试：罚款已缴清，整改完成',
    });
    if (applied.status !== 201) throw new Error(`repair: ${applied.status} ${applied.text}`);
    toDrop = await registerEnterprise(t, '不予列入');
    toDropId = await readyToDecide(t, toDrop, '浏览器测试：证据不足用例');
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

  async function queuesLoaded(page: Page) {
    await page.waitForSelector('#queue-objections table, #queue-objections p');
    await page.waitForSelector('section.queue p.muted:text-is("加载中…")', { state: 'detached' }); // CSP refuses waitForFunction
  }

  it('queue rows name the enterprise, the record disputed and who asked; the override row shows the grade in force', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, 'reviewer');
    await queuesLoaded(page);
    for (const id of ['repair_pending', 'overrides', 'objections', 'deadline_passed']) {
      expect(await page.textContent(`#queue-${id}`)).not.toMatch(UUID);
    }
    const override = page.locator('#queue-overrides tr', { hasText: graded.name });
    expect(await override.locator('.grade-change').textContent()).toBe('A → B');
    expect(await override.textContent()).toContain('grader'); // who proposed, by user name
    const objection = page.locator('#queue-objections tr', { hasText: disputed.name });
    expect(await objection.textContent()).toContain('监督抽查不合格');
    expect(await objection.textContent()).toContain(docNumber);
    expect(await objection.textContent()).toContain('registrar');
    await b.shot(page, 'queues-named');
    await page.close();
  });

  it('批准修复 shows the application and asks for confirmation; 不予列入 looks unlike 决定列入; the old message goes', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, 'reviewer');
    await queuesLoaded(page);
    const repairRow = page.locator(`#queue-repair_pending tr.listing-${repairId}`);
    await repairRow.locator('[data-action="action.approveRepair"]').click();
    const confirm = repairRow.locator('.confirm');
    await confirm.locator('[data-confirm]').waitFor(); // drawn once the application is fetched
    const text = await confirm.textContent();
    expect(text).toContain('浏览器测试：罚款已缴清，整改完成'); // the application itself
    expect(text).toContain('承诺书 2026-016');
    expect(text).toMatch(/自今日（\d{4}-\d{2}-\d{2}）起该企业移出/); // what stops being public, and from when
    expect(text).toContain('此操作不可撤回');
    await b.shot(page, 'repair-confirm');
    // nothing happened yet: the listing is still listed
    expect(bodyOf<{ status: string }>(await (await t.as('reviewer')).get(`/api/v1/listings/${repairId}`)).status).toBe('listed');
    await confirm.locator('[data-confirm="action.approveRepair"]').click();
    await page.waitForSelector('#queue-flash .msg-ok');
    expect(await page.textContent('#queue-flash')).toContain('已完成：批准修复');
    expect(await page.evaluate('document.activeElement?.id')).toBe('queue-flash'); // focus on the result
    expect(bodyOf<{ status: string }>(await (await t.as('reviewer')).get(`/api/v1/listings/${repairId}`)).status).toBe('repaired');

    const dropRow = page.locator(`#queue-deadline_passed tr.listing-${toDropId}`);
    await dropRow.waitFor();
    const decideClass = await dropRow.locator('[data-action="action.decide"]').getAttribute('class');
    const dropClass = await dropRow.locator('[data-action="action.drop"]').getAttribute('class');
    expect(decideClass).toContain('tone-irreversible');
    expect(dropClass).toContain('tone-negative');
    const colour = (k: string) =>
      dropRow
        .locator(`[data-action="${k}"]`)
        .evaluate((el) => (globalThis as unknown as { getComputedStyle: (e: unknown) => { backgroundColor: string } }).getComputedStyle(el).backgroundColor);
    expect(await colour('action.decide')).not.toBe(await colour('action.drop'));
    await dropRow.locator('[data-action="action.drop"]').click();
    expect(await page.locator('#queue-flash .msg-ok').count()).toBe(0); // the previous success is gone
    await dropRow.locator('input[name=reason]').fill('证据不足，不予列入');
    await dropRow.locator('[data-action-submit="action.drop"]').click();
    expect(await dropRow.locator('.confirm').textContent()).toContain('不会公示');
    await b.shot(page, 'drop-confirm');
    await page.close();
  });

  it('an expired token asks for sign-in over the page and finishes the half-filled action', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, 'reviewer');
    await queuesLoaded(page);
    const row = page.locator(`#queue-deadline_passed tr.listing-${toDropId}`);
    await row.locator('[data-action="action.drop"]').click();
    await row.locator('input[name=reason]').fill('证据不足（会话过期后继续）');
    await row.locator('[data-action-submit="action.drop"]').click();
    await page.evaluate(`sessionStorage.setItem('qcr.token', 'expired.token.value')`); // as after one hour
    await row.locator('[data-confirm="action.drop"]').click();
    await page.waitForSelector('#session-expired[open]');
    expect(await page.inputValue('#expired-login input[name=username]')).toBe('reviewer');
    expect(await page.textContent('#who')).toBe('未登录');
    await b.shot(page, 'session-expired');
    await page.fill('#expired-login input[name=password]', password);
    await page.click('#expired-login button[type=submit]');
    await page.waitForSelector('#queue-flash .msg-ok');
    expect(await page.textContent('#queue-flash')).toContain('已完成：不予列入');
    expect(await page.textContent('#who')).toContain('reviewer');
    const listing = bodyOf<Record<string, unknown>>(await (await t.as('reviewer')).get(`/api/v1/listings/${toDropId}`));
    expect(listing).toMatchObject({ status: 'dropped', drop: { reason: '证据不足（会话过期后继续）' } });
    await page.close();
  });

  it('the enterprise page words statuses, labels the record status column, and names the rule a bad code breaks', async () => {
    const { page } = await b.newPage();
    await page.goto(`/portal/#/console/enterprise?code=${disputed.code}`);
    await signIn(page, 'registrar');
    await page.waitForSelector('#credit-records table');
    const headers = await page.locator('#credit-records th').allTextContents();
    expect(headers).toContain('记录状态');
    expect(headers).not.toContain('登记状态');
    expect(await page.textContent('#credit-records [data-status="disputed"]')).toBe('异议中');
    await page.goto(`/portal/#/console/enterprise?code=${repairing.code}`);
    await page.waitForSelector('#listings table');
    expect(await page.textContent('#listings [data-status]')).toBe('已信用修复');
    expect(await page.textContent('#history')).not.toMatch(UUID);

    // in English: the same words, translated
    await page.click('#lang-switch');
    await page.waitForSelector('#listings table');
    expect(await page.textContent('#listings [data-status]')).toBe('Repaired');
    expect(await page.locator('#listings th').allTextContents()).toContain('Listing status');
    await page.click('#lang-switch');
    await page.waitForSelector('#listings table');

    const bad = badCheckUscc();
    await page.goto(`/portal/#/console/enterprise?code=${bad}`);
    await page.waitForSelector('.msg-error');
    const msg = await page.textContent('.msg-error');
    expect(msg).toContain('统一社会信用代码校验位错误');
    expect(msg).toContain(`第 18 位校验字符应为`);
    expect(msg).not.toContain('企业不存在');
    await b.shot(page, 'console-bad-code');
    await page.close();
  });

  it('auditor: audit log filtered by action and by clicking an actor, the chain check explained, and the check log', async () => {
    for (let i = 0; i < 30 && (await t.partner().get('/api/v1/measures')).status === 401; i++) await new Promise((r) => setTimeout(r, 500));
    expect((await t.partner().get(`/api/v1/checks/${graded.code}?purpose=government_procurement`)).status).toBe(200);
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/audit');
    await signIn(page, 'auditor');
    await page.waitForSelector('#audit-results table');
    await page.click('#verify-chain');
    await page.waitForSelector('#verify-result .msg-ok');
    expect(await page.textContent('#verify-result')).toMatch(/审计链完整：已逐条校验 \d+ 条记录/);
    await page.fill('#audit-filter input[name=action]', 'grading.override.propose');
    await page.click('#audit-filter button[type=submit]');
    await page.waitForSelector('#audit-results table');
    const actions = await page.locator('#audit-results tbody td:nth-child(4)').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    expect(new Set(actions)).toEqual(new Set(['grading.override.propose']));
    await page.click('#audit-results tbody a:has-text("grader")');
    await page.waitForSelector('p:has-text("操作人：grader")');
    await page.waitForSelector('#audit-results table');
    expect(new Set(await page.locator('#audit-results tbody td:nth-child(3)').allTextContents())).toEqual(new Set(['grader']));
    expect(await page.textContent('#audit-results')).not.toMatch(UUID);
    await b.shot(page, 'audit-log');

    await page.goto(`/portal/#/console/audit?tab=checks&enterprise=${graded.code}`);
    await page.waitForSelector('#checklog-results table');
    const row = await page.textContent('#checklog-results tbody tr');
    expect(row).toContain(graded.name);
    expect(row).toContain('政府采购');
    await b.shot(page, 'check-log');
    // reading the check log is audited
    const audit = await (await t.as('auditor')).get('/api/v1/audit?action=checks.log.read&limit=5');
    expect(bodyOf<{ items: Array<{ after: { filters: { enterprise?: string } } }> }>(audit).items.some((e) => e.after.filters.enterprise === graded.code)).toBe(
      true,
    );
    await page.close();
  });

  it('axe-core: no serious or critical WCAG 2 A/AA violations on the console pages; grade badges ≥ 4.5:1', async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
    type Violation = { id: string; impact: string | null; help: string; nodes: Array<{ target: string[] }> };
    const scan = async (page: Page, what: string): Promise<Violation[]> => {
      // Evaluated through the DevTools protocol: the portal's CSP (script-src 'self', issue 13) refuses an inline <script>.
      await page.evaluate(axeSource);
      const result = await page.evaluate<{ violations: Violation[] }>(
        `axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })`,
      );
      const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      if (bad.length)
        console.log(
          what,
          JSON.stringify(
            bad.map((v) => ({ id: v.id, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target) })),
            null,
            1,
          ),
        );
      return bad;
    };
    // The administrator holds no business role (issue 13): one staff user holding every role sees every page.
    const everyRole = await (
      await t.as('admin')
    )
      .post('/api/v1/admin/users')
      .send({ username: 'axe-every-role', displayName: 'axe-every-role', password, roles: ['registrar', 'grader', 'officer', 'reviewer', 'auditor', 'admin'] });
    expect(everyRole.status).toBe(201);
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await signIn(page, 'axe-every-role');
    const pages: Array<[string, string, string]> = [
      ['console/queues', '#queue-objections table, #queue-objections p:not(.muted)', 'queues'],
      [`console/enterprise?code=${disputed.code}`, '#credit-records table', 'enterprise'],
      [`console/listing?id=${repairId}`, '#case-steps table', 'case file'],
      ['console/register', '#register-form', 'register'],
      ['console/grading', '#runs table, #runs p', 'grading'],
      ['console/audit', '#audit-results table', 'audit'],
      ['console/audit?tab=checks', '#checklog-results table, #checklog-results p', 'check log'],
      ['console/admin', '#admin-measures table', 'admin'],
      ['console/catalogues', '#catalogue-list-types table', 'catalogues'],
      ['console/model', '#model-versions table', 'grading model'],
      ['console/imports', '#import-form', 'imports'],
      ['console/plans', '#plan-list table, #plan-list p', 'inspection plans'],
      ['console/feedback', '#feedback-list table, #feedback-list p', 'feedback queue'],
    ];
    const found: Record<string, string[]> = {};
    for (const [hash, ready, what] of pages) {
      await page.goto(`/portal/#/${hash}`);
      await page.waitForSelector(ready);
      await page.waitForSelector('p.muted:text-is("加载中…")', { state: 'detached' });
      const bad = await scan(page, what);
      if (bad.length) found[what] = bad.map((v) => v.id);
    }
    expect(found).toEqual({});

    // every grade badge: white (or, for B, dark) text on its colour at ≥ 4.5:1
    const ratios = await page.evaluate<Array<[string, number]>>(`(() => {
      const lum = (rgb) => { const [r, g, b] = rgb.match(/\\d+/g).slice(0, 3).map((v) => { v = v / 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      return ['AAA', 'AA', 'A', 'B', 'C', 'D'].map((g) => {
        const el = document.createElement('span'); el.className = 'grade grade-' + g; el.textContent = g; document.body.append(el);
        const s = getComputedStyle(el); const a = lum(s.color), b = lum(s.backgroundColor); el.remove();
        return [g, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
      });
    })()`);
    for (const [grade, ratio] of ratios) expect({ grade, ok: ratio >= 4.5 }).toEqual({ grade, ok: true });
    await page.close();
  });
});

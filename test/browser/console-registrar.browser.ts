import type { Page } from 'playwright-core';
import { randomUscc } from '#qcr/identifiers';
import { bodyOf, itemsOf, type Listed } from '../helpers/body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';
import { badCheckUscc } from './fixtures.js';

/**
 * Issue 16, the registrar's day in the console, through the UI only: register an enterprise with
 * the code checked as it is typed, rename it, lose a race with another registrar (412: the diff and
 * a reload), change its status, record a heavier penalty and raise an objection against it.
 */
describe('regulators console: the registrar in Chromium', () => {
  let t: TestApp;
  let b: BrowserSession;
  const password = process.env.QCR_TEST_DEMO_PASSWORD!;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    b = await launchChromium((await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
    console.log(`registrar screenshots: ${b.screenshotDir}`);
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

  it('registers, renames, meets a 412 with the diff, changes status, records credit information and raises an objection', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/register');
    await signIn(page, 'registrar');
    await page.waitForSelector('#register-form');

    // live code check, naming the rule and the position, before anything is sent
    const bad = badCheckUscc();
    await page.fill('#register-form input[name=code]', bad);
    expect(await page.textContent('#code-hint')).toContain('统一社会信用代码校验位错误');
    expect(await page.textContent('#code-hint')).toContain('第 18 位校验字符应为');
    await b.shot(page, 'register-bad-code');
    const code = randomUscc(Math.random, { division: '350200' });
    const name = `浏览器登记${code.slice(-4)}有限公司`;
    await page.fill('#register-form input[name=code]', code);
    expect(await page.textContent('#code-hint')).toContain('代码格式正确');
    await page.fill('#register-form input[name=name]', name);
    await page.fill('#register-form input[name=legalRep]', '王五');
    await page.selectOption('#register-form select[name=industryCode]', 'C');
    await page.click('#register-form button[type=submit]');
    await page.waitForSelector('#record h2');
    expect(await page.textContent('#record h2')).toBe(name);
    expect(await page.textContent('#enterprise-flash')).toContain(`已登记：${name}`);
    await b.shot(page, 'registered');

    // rename with If-Match
    const renamed = `${name.replace('有限公司', '')}科技有限公司`;
    await page.click('#do-rename');
    await page.fill('#ent-rename input[name=name]', renamed);
    await page.fill('#ent-rename input[name=reason]', '工商变更登记：更名');
    await page.click('#ent-rename button[type=submit]');
    await page.waitForSelector(`#record h2:has-text("${renamed}")`);
    expect(await page.textContent('#enterprise-flash')).toContain('已保存：更名');

    // another registrar corrects the address meanwhile: our status change gets 412 and the diff
    await page.click('#do-status');
    await page.selectOption('#ent-status select[name=status]', 'deregistered');
    await page.fill('#ent-status input[name=reason]', '企业申请注销');
    const other = await t.as('registrar');
    const current = await other.get(`/api/v1/enterprises/${code}`);
    const corrected = await other
      .patch(`/api/v1/enterprises/${code}`)
      .set('If-Match', `"${bodyOf<{ version: number }>(current).version}"`)
      .send({ address: '厦门市思明区浏览路 1 号', reason: '地址更正' });
    expect(corrected.status).toBe(200);
    await page.click('#ent-status button[type=submit]');
    await page.waitForSelector('#stale');
    const stale = await page.textContent('#stale');
    expect(stale).toContain('该档案已被他人修改');
    expect(stale).toContain('厦门市思明区浏览路 1 号');
    expect(bodyOf<{ status: string }>(await other.get(`/api/v1/enterprises/${code}`)).status).toBe('active'); // nothing sent
    await b.shot(page, 'stale-412');
    await page.click('#stale-reload');
    await page.waitForSelector('#do-status');
    await page.click('#do-status');
    await page.selectOption('#ent-status select[name=status]', 'deregistered');
    await page.fill('#ent-status input[name=reason]', '企业申请注销');
    await page.click('#ent-status button[type=submit]');
    await page.waitForSelector('#enterprise-flash .msg-ok:has-text("已保存：变更登记状态")');
    expect(await page.textContent('#record')).toContain('注销');

    // record a heavier penalty
    await page.click('#credit-add summary');
    await page.selectOption('#credit-form select[name=categoryCode]', 'penalty_heavier');
    await page.fill('#credit-form input[name=occurredOn]', '2025-06-01');
    await page.fill('#credit-form input[name=documentNumber]', `厦市监罚〔2025〕${code.slice(-5)}号`);
    await page.fill('#credit-form input[name=issuingDepartment]', '厦门市市场监督管理局');
    await page.fill('#credit-form input[name=legalBasis]', '《中华人民共和国产品质量法》第四十九条');
    await page.click('#credit-form button[type=submit]');
    await page.waitForSelector('#enterprise-flash .msg-ok:has-text("已记录")');
    await page.waitForSelector('#credit-records table');
    const row = page.locator('#credit-records tbody tr', { hasText: `〔2025〕${code.slice(-5)}号` });
    expect(await row.locator('[data-status]').textContent()).toBe('有效');

    // raise an objection against it
    await row.locator('[data-action="action.objection"]').click();
    await row.locator('input[name=reason]').fill('企业称处罚决定已被复议撤销');
    await row.locator('[data-action-submit="action.objection"]').click();
    await row.locator('[data-confirm="action.objection"]').click();
    await page.waitForSelector('#enterprise-flash .msg-ok');
    expect(await page.textContent('#enterprise-flash')).toContain('已完成：提出异议');
    await page.waitForSelector('#credit-records [data-status="disputed"]');
    await b.shot(page, 'objection-raised');
    await page.close();

    // the reviewer: a disputed record is settled through its objection, so no revoke/repair on it;
    // an active one is revoked from the same page, with the confirmation
    const sampling = await (await t.as('registrar')).post(`/api/v1/enterprises/${code}/credit-records`).send({
      categoryCode: 'sampling_failed',
      occurredOn: '2025-04-01',
      documentNumber: `厦抽〔2025〕${code.slice(-5)}号`,
      issuingDepartment: '厦门市市场监督管理局',
      legalBasis: '《中华人民共和国产品质量法》第十五条',
    });
    expect(sampling.status).toBe(201);
    const rev = (await b.newPage()).page;
    await rev.goto(`/portal/#/console/enterprise?code=${code}`);
    await signIn(rev, 'reviewer');
    await rev.waitForSelector('#credit-records table');
    const disputedRow = rev.locator('#credit-records tbody tr', { hasText: `厦市监罚〔2025〕${code.slice(-5)}号` });
    expect(await disputedRow.locator('[data-action]').count()).toBe(0);
    const activeRow = rev.locator('#credit-records tbody tr', { hasText: `厦抽〔2025〕${code.slice(-5)}号` });
    await activeRow.locator('[data-action="action.revokeRecord"]').click();
    await activeRow.locator('input[name=reason]').fill('抽检报告样品编号错误，记录有误');
    await activeRow.locator('[data-action-submit="action.revokeRecord"]').click();
    expect(await activeRow.locator('.confirm').textContent()).toContain('不再公示，也不再计入信用等级');
    await activeRow.locator('[data-confirm="action.revokeRecord"]').click();
    await rev.waitForSelector('#enterprise-flash .msg-ok:has-text("撤销记录")');
    // Revocation is a two-person decision (issue 13): a second reviewer approves the proposal.
    const records = await (await t.as('registrar')).get(`/api/v1/enterprises/${code}/credit-records`);
    const proposed = itemsOf(bodyOf<Listed<{ id: string; documentNumber: string }>>(records)).find(
      (r) => r.documentNumber === `厦抽〔2025〕${code.slice(-5)}号`,
    );
    const approved = await (await t.asUser('reviewer2')).post(`/api/v1/credit-records/${proposed?.id}/revoke/approve`).send({});
    expect(approved.status).toBeLessThan(300);
    await rev.reload();
    await rev.waitForSelector('#credit-records [data-status="revoked"]');
    expect(await rev.textContent('#credit-records [data-status="revoked"]')).toBe('已撤销');
    await rev.close();
  });

  it('grader: proposes an override beside the computed grade and its explanation, then starts and watches a regrade run', async () => {
    const code = randomUscc(Math.random, { division: '350200' });
    const registrar = await t.as('registrar');
    expect(
      (
        await registrar
          .post('/api/v1/enterprises')
          .send({ code, name: `浏览器评价${code.slice(-4)}有限公司`, legalRepresentative: { name: '孙七' }, industryCode: 'C' })
      ).status,
    ).toBe(201);
    expect(
      (
        await registrar.post(`/api/v1/enterprises/${code}/credit-records`).send({
          categoryCode: 'quality_award',
          occurredOn: '2025-02-01',
          documentNumber: `质奖${code.slice(-5)}`,
          issuingDepartment: '厦门市人民政府',
          legalBasis: '《厦门市质量奖管理办法》',
        })
      ).status,
    ).toBe(201);

    const { page } = await b.newPage();
    await page.goto(`/portal/#/console/enterprise?code=${code}`);
    await signIn(page, 'grader');
    await page.waitForSelector('#override-form');
    const computed = (await page.textContent('#grade .grade')) ?? '';
    expect(await page.textContent('#override-form')).toContain(`当前等级（模型计算）：${computed}`);
    expect(await page.locator('#grade ol.explanation li').count()).toBeGreaterThan(0); // the explanation beside it
    await page.selectOption('#override-form select[name=grade]', 'B');
    await page.fill('#override-form input[name=reason]', '现场检查发现质量管理体系运行失效');
    await b.shot(page, 'override-form');
    await page.click('#override-form button[type=submit]');
    await page.waitForSelector('#enterprise-flash .msg-ok:has-text("已提出等级调整")');
    expect(await page.textContent('#enterprise-flash')).toContain(`已提出等级调整：${computed} → B`);
    const proposed = bodyOf<Listed<{ enterprise?: { uscc: string }; grade: string; proposedByName: string }>>(
      await (await t.as('reviewer')).get('/api/v1/grade-overrides?status=proposed'),
    );
    expect(itemsOf(proposed).some((o) => o.enterprise?.uscc === code && o.grade === 'B' && o.proposedByName === 'grader')).toBe(true);

    await page.goto('/portal/#/console/grading');
    await page.waitForSelector('#run-form');
    await page.click('#run-form button[type=submit]');
    await page.waitForSelector('#run-status .msg-ok', { timeout: 60_000 });
    expect(await page.textContent('#run-status')).toContain('已完成');
    await page.waitForSelector('#runs [data-status="completed"]');
    expect(await page.textContent('#runs')).toContain('grader');
    await b.shot(page, 'regrade-run');
    await page.close();
  });

  it('admin: adds a staff user with roles, registers an agency, issues a key shown once, revokes it, retires a measure', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/admin');
    await signIn(page, 'admin');
    await page.waitForSelector('#admin-users table');
    const username = `qa.${Date.now() % 1_000_000}`;
    await page.click('#user-create summary');
    await page.fill('#user-create input[name=username]', username);
    await page.fill('#user-create input[name=displayName]', '质检测试员');
    await page.fill('#user-create input[name=password]', `${password}-long-enough`);
    await page.check('#user-create input[name=roles][value=officer]');
    await page.check('#user-create input[name=roles][value=reviewer]');
    await page.click('#user-create button[type=submit]');
    await page.waitForSelector('#admin-flash .msg-ok:has-text("已新增工作人员")');
    await page.waitForSelector(`#admin-users tr:has-text("${username}")`);
    expect(await page.textContent(`#admin-users tr:has-text("${username}")`)).toContain('认定人员、审核人');

    const code = `qa-${Date.now() % 1_000_000}`;
    await page.click('#agency-create summary');
    await page.fill('#agency-create input[name=code]', code);
    await page.fill('#agency-create input[name=name]', '浏览器测试采购中心');
    await page.fill('#agency-create input[name=department]', '财政局');
    await page.check('#agency-create input[name=purposes][value=government_procurement]');
    await page.click('#agency-create button[type=submit]');
    await page.waitForSelector('#admin-flash .msg-ok:has-text("已登记合作部门")');
    const row = page.locator(`#admin-agencies tr.agency-${code}`);
    expect(await row.textContent()).toContain('政府采购');
    await row.locator(`[data-keys="${code}"]`).click();
    await row.locator('.issue-key input[name=label]').fill('采购系统（生产）');
    await row.locator('.issue-key button[type=submit]').click();
    await row.locator('#new-key').waitFor();
    const key = (await row.locator('#new-key').textContent()) ?? '';
    expect(key).toMatch(/^qcr_/);
    await b.shot(page, 'admin-key-once');
    const measures = () => t.http().get('/api/v1/measures').set('X-API-Key', key);
    let status = 0;
    for (let i = 0; i < 30 && (status = (await measures()).status) === 401; i++) await new Promise((r) => setTimeout(r, 500));
    expect(status).toBe(200);

    // shown once: after a reload only the prefix is there
    await page.reload();
    await page.waitForSelector(`#admin-agencies tr.agency-${code}`);
    await row.locator(`[data-keys="${code}"]`).click();
    await row.locator('table.keys').waitFor();
    expect(await page.textContent('#admin-agencies')).not.toContain(key);
    await row.locator('[data-action="action.revokeKey"]').click();
    await row.locator('input[name=reason]').fill('测试：密钥泄露');
    await row.locator('[data-action-submit="action.revokeKey"]').click();
    expect(await row.locator('.confirm').textContent()).toContain('立即失效');
    await row.locator('[data-confirm="action.revokeKey"]').click();
    await row.locator('table.keys :text("已吊销")').waitFor();
    for (let i = 0; i < 30 && (status = (await measures()).status) !== 401; i++) await new Promise((r) => setTimeout(r, 500));
    expect(status).toBe(401);

    const measure = page.locator('#admin-measures tbody tr').first();
    const measureCode = (await measure.locator('code').textContent()) ?? '';
    await measure.locator('[data-action="action.retireMeasure"]').click();
    await measure.locator('input[name=reason]').fill('测试：备忘录废止该条款');
    await measure.locator('[data-action-submit="action.retireMeasure"]').click();
    await measure.locator('[data-confirm="action.retireMeasure"]').click();
    await page.waitForSelector('#admin-flash .msg-ok:has-text("停用措施")');
    expect(bodyOf<{ active: boolean }>(await (await t.as('admin')).get(`/api/v1/measures/${measureCode}`)).active).toBe(false);
    await b.shot(page, 'admin');
    await page.close();
  });
});

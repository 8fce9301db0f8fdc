import { bodyOf } from '../helpers/body.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';

/**
 * Issue 18: the regulators' person page. The demo seed's 陈建国 (legal representative of the listed DEMO-BL-01 and,
 * since, of 厦门鑫源线缆科技有限公司) is looked up by ID number — sent in a POST body, never put in the address — and
 * shown with both roles and the listing naming him; the view is audited; a grader has no link to the page.
 */
const DEMO_PERSON = '350203197001101009'; // demoIdNumber('350200', 0) in libs/blacklist/src/blacklist.seed.ts

describe('regulators console: the person page in Chromium', () => {
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

  it('officer: finds a person by document, sees roles over time and the listing, and the view is audited', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/persons');
    await page.fill('#staff-login input[name=username]', 'officer');
    await page.fill('#staff-login input[name=password]', password);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector('#person-find');
    await page.fill('#person-find input[name=idNumber]', DEMO_PERSON);
    await page.click('#person-find button[type=submit]');
    await page.waitForSelector('#person-view');
    expect(page.url()).not.toContain(DEMO_PERSON);
    const text = await page.textContent('#person-view');
    expect(text).toContain('陈建国');
    expect(text).toContain('厦门鑫达电线电缆有限公司');
    expect(text).toContain('厦门鑫源线缆科技有限公司');
    expect(text).not.toContain(DEMO_PERSON);
    expect(await page.locator('#person-view table').nth(1).locator('tbody tr').count()).toBe(1);
    await b.shot(page, 'person-page');
    const id = new URL(page.url()).hash.split('id=')[1];
    const audit = await (await t.as('auditor')).get(`/api/v1/audit?entityType=person&entityId=${id}`);
    expect(bodyOf<{ items: Array<{ action: string }> }>(audit).items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['person.looked-up', 'person.viewed']),
    );
    await page.close();
  });

  it('grader: no link to the page, and the API refuses it', async () => {
    const { page } = await b.newPage();
    await page.goto('/portal/#/console/queues');
    await page.fill('#staff-login input[name=username]', 'grader');
    await page.fill('#staff-login input[name=password]', password);
    await page.click('#staff-login button[type=submit]');
    await page.waitForSelector('nav.sub-nav');
    expect(await page.locator('a[href="#/console/persons"]').count()).toBe(0);
    await page.close();
  });
});

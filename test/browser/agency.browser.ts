import type { Page } from 'playwright-core';
import { randomUscc } from '#qcr/identifiers';
import http from 'node:http';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { launchChromium, type BrowserSession } from './chromium.js';

/** Issue 20 in Chromium: a partner uploads a watchlist, sees its counts, registers a receiver and sends a test delivery. */
describe('agency page in Chromium (watchlists, webhooks)', () => {
  let t: TestApp;
  let b: BrowserSession;
  let page: Page;
  const got: string[] = [];
  const receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      got.push(String(req.headers['qcr-delivery-id']));
      res.end();
    });
  });

  beforeAll(async () => {
    t = await createTestApp({ QCR_WEBHOOKS_ENABLED: 'true' });
    await t.app.listen(0, '127.0.0.1');
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    b = await launchChromium((await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
    for (let i = 0; i < 30 && (await t.partner().get('/api/v1/measures')).status === 401; i++) await new Promise((r) => setTimeout(r, 500));
    ({ page } = await b.newPage());
    await page.goto('/portal/#/agency');
    await page.fill('#partner-login input[name=apiKey]', t.demoApiKey);
    await page.click('#partner-login button[type=submit]');
    await page.waitForSelector('#watchlist-form');
  });

  afterAll(async () => {
    await b?.close();
    await t?.close();
    receiver.close();
  });

  it('uploads a watchlist and shows its counts', async () => {
    const name = `browser-${Date.now()}`;
    await page.fill('#watchlist-form input[name=name]', name);
    await page.selectOption('#watchlist-form select[name=purpose]', 'honours');
    await page.setInputFiles('#watchlist-form input[name=file]', {
      name: 'list.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`code\n${randomUscc()}\n${randomUscc()}\nnot-a-code\n`),
    });
    await page.click('#watchlist-form button[type=submit]');
    await page.waitForSelector(`#agency-watchlists td:text("${name}")`);
    const row = await page.locator(`#agency-watchlists tr:has(td:text("${name}")) td`).allTextContents();
    expect(row.slice(2, 5)).toEqual(['2', '2', '1']); // codes, not registered, invalid
  });

  it('registers a receiver, shows its secret once, and the test button delivers', async () => {
    await page.fill('#webhook-form input[name=url]', `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`);
    await page.click('#webhook-form button[type=submit]');
    expect(await page.textContent('#webhook-secret')).toMatch(/^whsec_/);
    await page.click('[data-endpoint] button:text("发送测试")');
    for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(got).toHaveLength(1);
  });
});

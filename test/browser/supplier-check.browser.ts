import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { randomUscc } from '#qcr/identifiers';
import { todayInChina } from '#qcr/platform';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { bodyOf } from '../helpers/body.js';
import { defined } from '../helpers/defined.js';
import { launchChromium, type BrowserSession } from './chromium.js';
import { decide, type Made, readyToDecide, registerEnterprise, setGrade } from './fixtures.js';

// 序号,名称,统一社会信用代码 in GBK bytes, as Chinese Excel saves "CSV (逗号分隔)"
const GBK_HEADER = [
  0xd0, 0xf2, 0xba, 0xc5, 0x2c, 0xc3, 0xfb, 0xb3, 0xc6, 0x2c, 0xcd, 0xb3, 0xd2, 0xbb, 0xc9, 0xe7, 0xbb, 0xe1, 0xd0, 0xc5, 0xd3, 0xc3, 0xb4, 0xfa, 0xc2, 0xeb,
  0x0d, 0x0a,
];
// GB18030 four-byte character 𠀀 (U+20000), as in a rare-character company name
const GB18030_NAME = [0x95, 0x32, 0x82, 0x36];

/**
 * Issue 17 in Chromium: the supplier check reads the files a procurement office has (GBK and
 * GB18030 CSV, .xlsx, a two-column paste), refuses paste + file together, offers only the agency's
 * purposes, and separates excluded / caution / priority with a legend.
 */
describe('supplier check in Chromium (files offices have)', () => {
  let t: TestApp;
  let b: BrowserSession;
  let page: Page;
  let listed: Made, caution: Made, priority: Made;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    b = await launchChromium((await t.app.getUrl()).replace('[::1]', '127.0.0.1'));
    [listed, caution, priority] = await Promise.all([registerEnterprise(t, '名单'), registerEnterprise(t, '审慎'), registerEnterprise(t, '优先')]);
    await decide(t, await readyToDecide(t, listed, '浏览器测试：生产销售不合格产品'));
    await setGrade(t, caution, 'C');
    await setGrade(t, priority, 'AA');
    for (let i = 0; i < 30 && (await t.partner().get('/api/v1/measures')).status === 401; i++) await new Promise((r) => setTimeout(r, 500));
    ({ page } = await b.newPage());
    await page.goto('/portal/#/check');
    await page.fill('#partner-login input[name=apiKey]', t.demoApiKey);
    await page.click('#partner-login button[type=submit]');
    await page.waitForSelector('#check-form');
  });

  afterAll(async () => {
    await b?.close();
    await t?.close();
  });

  async function submit(): Promise<string[]> {
    await page.evaluate(`document.getElementById('check-result').replaceChildren()`);
    await page.click('#check-form button[type=submit]');
    await page.waitForSelector('#check-table, #check-result .msg');
    return page.locator('#check-table tbody tr .verdict').allTextContents();
  }

  async function clearInputs() {
    await page.fill('#check-form textarea[name=codes]', '');
    await page.setInputFiles('#check-form input[name=file]', []);
  }

  it('offers only the agency’s purposes and refuses a paste and a file together', async () => {
    const purposes = await page.$$eval('#check-form select[name=purpose] option', (os) => os.map((o) => (o as unknown as { value: string }).value));
    expect(purposes).toEqual(['government_procurement', 'public_bidding', 'honours', 'subsidies']);
    await page.fill('#check-form textarea[name=codes]', listed.code);
    await page.setInputFiles('#check-form input[name=file]', { name: 'a.csv', mimeType: 'text/csv', buffer: Buffer.from(`${priority.code}\n`) });
    expect(await submit()).toEqual([]);
    expect(await page.textContent('#check-result .msg')).toContain('请只使用一种方式');
    await clearInputs();
  });

  it('reads a GBK CSV and a GB18030 CSV by their headers; a row without a code is named by line', async () => {
    const gbk = Buffer.concat([
      Buffer.from(GBK_HEADER),
      Buffer.from(`1,A,${listed.code}\r\n2,B,${caution.code}\r\n3,C,\r\n4,D,${priority.code}\r\n`, 'latin1'),
    ]);
    await page.setInputFiles('#check-form input[name=file]', { name: '供应商.csv', mimeType: 'text/csv', buffer: gbk });
    expect(await submit()).toEqual(['受限', '受限', '优先']);
    expect(await page.textContent('#skipped-rows')).toContain('第 4 行');
    // three styles, with a legend: excluded (listing), caution (C), priority (AA)
    expect(await page.locator('#check-table tbody tr .standing').allTextContents()).toEqual(['禁止参与', '审慎核查', '优先']);
    expect(await page.isVisible('#standing-legend')).toBe(true);
    await b.shot(page, 'supplier-check-gbk');

    const gb18030 = Buffer.concat([
      Buffer.from(GBK_HEADER),
      Buffer.from('1,', 'latin1'),
      Buffer.from(GB18030_NAME),
      Buffer.from(`,${priority.code}\r\n`, 'latin1'),
    ]);
    await page.setInputFiles('#check-form input[name=file]', { name: '供应商.csv', mimeType: 'text/csv', buffer: gb18030 });
    expect(await submit()).toEqual(['优先']);
    await clearInputs();
  });

  it('reads an .xlsx (first sheet)', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('供应商名单');
    sheet.addRow(['序号', '企业名称', '统一社会信用代码']);
    sheet.addRow([1, '甲', priority.code]);
    sheet.addRow([2, '乙', listed.code]);
    await page.setInputFiles('#check-form input[name=file]', {
      name: '供应商.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: Buffer.from(await book.xlsx.writeBuffer()),
    });
    expect(await submit()).toEqual(['优先', '受限']);
    await clearInputs();
  });

  it('finds the code column of a two-column paste from Excel (name, tab, code)', async () => {
    await page.fill('#check-form textarea[name=codes]', `${listed.name}\t${listed.code}\n${priority.name}\t${priority.code}\n`);
    expect(await submit()).toEqual(['受限', '优先']);
    await clearInputs();
  });

  it('downloads the CSV with Chinese headers, Beijing time, reasons and measure text; a receipt verifies publicly', async () => {
    await page.fill('#check-form textarea[name=codes]', `${listed.code}\n${priority.code}`);
    expect(await submit()).toEqual(['受限', '优先']);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download-csv')]);
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel opens the Chinese as Chinese
    const lines = bytes.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]?.startsWith('序号,输入代码,核查结论,代码错误,重复于第几行,企业名称,统一社会信用代码')).toBe(true);
    expect(lines[0]).toContain('核查时间（北京时间）');
    expect(lines[1]).toContain('浏览器测试：生产销售不合格产品'); // the listing's reason
    expect(lines[1]).toMatch(/政府采购/);
    expect(lines[1]).toMatch(/20\d\d\/\d{1,2}\/\d{1,2} \d{2}:\d{2}:\d{2}/); // Beijing time as the page shows it

    const receiptId = (await page.locator('#check-table tbody tr').nth(0).locator('td.code.small').textContent())!.trim();
    const verifier = await b.newPage(); // a stranger holding the printed report: no session
    await verifier.page.goto(`/portal/#/verify?id=${receiptId}`);
    await verifier.page.waitForSelector('#verified-receipt');
    expect(await verifier.page.textContent('#verified-verdict')).toBe('受限');
    expect(await verifier.page.textContent('#verified-as-of')).toBe(todayInChina());
    expect(await verifier.page.textContent('#verified-receipt')).toContain(listed.name);
    expect(await verifier.page.textContent('#verified-receipt')).not.toContain('采购中心'); // the demo agency (演示政府采购中心) is not named
    await b.shot(verifier.page, 'receipt-verified');
    await verifier.page.close();
    await clearInputs();
  });

  it('downloads the same batch as .xlsx (Chinese headers, checked by its bytes) and as a numbered PDF', async () => {
    await page.fill('#check-form textarea[name=codes]', `${listed.code}\n${caution.code}`);
    expect(await submit()).toEqual(['受限', '受限']);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('#download-xlsx')]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const bytes = readFileSync(await xlsx.path());
    expect(bytes.subarray(0, 4).toString('hex')).toBe('504b0304');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(bytes as unknown as ArrayBuffer);
    const rows: string[][] = [];
    defined(book.worksheets[0], 'a worksheet').eachRow((row) => rows.push((row.values as (string | number | null)[]).slice(1).map((v) => String(v ?? ''))));
    const head = rows.findIndex((r) => r[0] === '序号');
    expect(rows[head]?.slice(0, 5)).toEqual(['序号', '代码', '企业名称', '核查结论', '信用状况']);
    expect(rows[head + 1]?.slice(3, 5)).toEqual(['受限', '禁止参与']);
    expect(rows[head + 1]?.join(' ')).toContain('浏览器测试：生产销售不合格产品');
    expect(rows[head + 2]?.slice(3, 7)).toEqual(['受限', '审慎核查', '存续', 'C']);
    const batchId = rows.find((r) => r[0] === '批次编号')?.[1];
    expect(await page.textContent('#check-result .result-head')).toContain(batchId!);

    const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('#download-pdf')]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    const text = readFileSync(await pdf.path()).toString('latin1');
    expect(text.startsWith('%PDF-')).toBe(true);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+WenQuanYi/);
    await clearInputs();
  });

  it('prints a QR code that opens the public verification of the batch, with the digest of the report', async () => {
    await page.fill('#check-form textarea[name=codes]', `${listed.code}\n${priority.code}`);
    expect(await submit()).toEqual(['受限', '优先']);
    const batchId = /[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/.exec(
      (await page.textContent('#check-result .result-head p.muted'))!.trim(),
    )![0];
    await page.click('#print-view');
    await page.waitForSelector('#print-page');
    // polled from here: the portal's CSP (script-src 'self') refuses waitForFunction's eval
    const qrShown = () => page.locator('#print-qr').evaluate((img: { complete: boolean; naturalWidth: number }) => img.complete && img.naturalWidth > 0);
    for (let i = 0; i < 100 && !(await qrShown()); i++) await new Promise((r) => setTimeout(r, 50));
    expect(await qrShown()).toBe(true);
    expect(await page.getAttribute('#print-qr', 'src')).toBe(`/api/v1/public/verification-qr/${batchId}`);
    expect(await page.textContent('#print-verify')).toContain(`#/verify?id=${batchId}`);
    await b.shot(page, 'print-with-qr');

    const verifier = await b.newPage(); // what the QR code opens, for someone with no session
    await verifier.page.goto(`/portal/#/verify?id=${batchId}`);
    await verifier.page.waitForSelector('#verified-batch');
    expect(await verifier.page.locator('#verified-items tbody tr .verdict').allTextContents()).toEqual(['受限', '优先']);
    const digest = (await verifier.page.textContent('#verified-digest'))!;
    const api = await t.http().get(`/api/v1/public/batches/${batchId}`);
    expect(digest).toBe(bodyOf<{ digest: string }>(api).digest);
    expect(await verifier.page.textContent('#verified-batch')).not.toContain('采购中心');
    await b.shot(verifier.page, 'batch-verified');
    await verifier.page.close();
    await page.goto('/portal/#/check');
    await page.waitForSelector('#check-form');
    await clearInputs();
  });

  describe('public lookup', () => {
    const fragment = `翻页${Math.random().toString(36).slice(2, 5)}`;
    beforeAll(async () => {
      // names of their own (not 浏览器测试…), so the other browser file's name search is not pushed past a page
      const registrar = await t.as('registrar');
      for (let i = 0; i < 22; i += 11) {
        await Promise.all(
          Array.from({ length: 11 }, async () => {
            const code = randomUscc(Math.random, { division: '350200' });
            const res = await registrar
              .post('/api/v1/enterprises')
              .send({ code, name: `${fragment}${code.slice(-5)}有限公司`, legalRepresentative: { name: '测试法人' }, industryCode: 'C' });
            if (res.status !== 201) throw new Error(`register ${code}: ${res.status} ${res.text}`);
          }),
        );
      }
    });

    /** The document is no wider than the window: nothing scrolls sideways. */
    async function noOverflow(p: Page): Promise<void> {
      const [scroll, client] = await p.evaluate<[number, number]>('[document.documentElement.scrollWidth, document.documentElement.clientWidth]');
      expect(scroll).toBeLessThanOrEqual(client);
    }

    it('opens a listed enterprise’s card with a red banner and grade D; the legend explains the grades', async () => {
      const { page: p } = await b.newPage();
      await p.goto(`/portal/#/lookup?q=${listed.code}`);
      await p.waitForSelector('#enterprise-card');
      expect(await p.textContent('#listed-banner')).toContain('严重失信名单');
      expect(await p.textContent('#public-grade')).toBe('D');
      expect(await p.textContent('#public-grade-reason')).toContain('列入严重失信名单');
      expect(await p.textContent('#grade-legend')).toContain('100%');
      await p.close();
    });

    it('shows the credit records within their publication period on the card, without the description', async () => {
      const registrar = await t.as('registrar');
      const penalised = await registerEnterprise(t, '公示'); // its own: a record regrades, the other tests' grades stay
      const record = await registrar.post(`/api/v1/enterprises/${penalised.code}/credit-records`).send({
        categoryCode: 'penalty_general',
        occurredOn: todayInChina(),
        documentNumber: `浏览罚〔2026〕${penalised.code.slice(-5)}号`,
        issuingDepartment: '厦门市市场监督管理局',
        legalBasis: '《中华人民共和国产品质量法》第四十九条',
        description: '法定代表人王五到场签收',
      });
      expect(record.status).toBe(201);
      const { page: p } = await b.newPage();
      await p.goto(`/portal/#/lookup?q=${penalised.code}`);
      await p.waitForSelector('#public-records');
      const text = (await p.textContent('#public-records'))!;
      expect(text).toContain('行政处罚（一般）');
      expect(text).toContain(`浏览罚〔2026〕${penalised.code.slice(-5)}号`);
      expect(text).toContain('失信');
      expect(await p.textContent('#enterprise-card')).not.toContain('王五');
      await b.shot(p, 'card-with-records');
      await p.close();
    });

    it('pages a name search beyond 20 with the total count and real links that open in a new tab', async () => {
      const { page: p } = await b.newPage();
      await p.goto(`/portal/#/lookup?q=${encodeURIComponent(fragment)}`);
      await p.waitForSelector('#lookup-matches');
      expect(await p.textContent('#lookup-count')).toContain('找到 22 家企业');
      expect(await p.locator('#lookup-matches tbody tr').count()).toBe(20);
      const link = p.locator('#lookup-matches tbody tr a').first();
      expect(await link.getAttribute('href')).toMatch(/^#\/lookup\?q=[0-9A-Z]{18}$/);
      expect(await link.getAttribute('target')).toBe('_blank');
      await p.click('#page-next');
      await p.waitForSelector('#lookup-count:has-text("第 21–22 条")');
      expect(await p.locator('#lookup-matches tbody tr').count()).toBe(2);
      await p.close();
    });

    it('filters the search by grade through the form, and browses the public blacklist by region', async () => {
      const { page: p } = await b.newPage();
      await p.goto(`/portal/#/lookup`);
      await p.fill('#lookup-form input[name=q]', '浏览器测试');
      await p.selectOption('#lookup-form select[name=grade]', 'AA');
      await p.click('#lookup-form button[type=submit]');
      await p.waitForSelector('#lookup-matches, #enterprise-card');
      expect(p.url()).toContain('grade=AA');
      const grades = await p.locator('#lookup-matches tbody tr .grade, #enterprise-card #public-grade').allTextContents();
      expect(grades.length).toBeGreaterThan(0);
      expect(new Set(grades)).toEqual(new Set(['AA']));

      await p.click('a[data-route=blacklist]');
      await p.waitForSelector('#blacklist-form');
      await p.fill('#blacklist-form input[name=region]', '350200');
      await p.click('#blacklist-form button[type=submit]');
      await p.waitForSelector('#blacklist-table');
      expect(await p.textContent('#blacklist-table')).toContain(listed.name);
      expect(await p.textContent('#blacklist-table')).toContain('浏览器测试：生产销售不合格产品');
      expect(await p.textContent('#blacklist-table')).not.toContain('测试法人');
      const card = p.locator('#blacklist-table tbody tr a', { hasText: listed.name });
      expect(await card.getAttribute('href')).toBe(`#/lookup?q=${listed.code}`);
      await p.fill('#blacklist-form input[name=region]', '110000');
      await p.click('#blacklist-form button[type=submit]');
      // The form's submit clears the page's "ready" before the hash changes, so this waits for the new
      // render; waitForFunction's string form is refused by the portal's CSP (script-src 'self').
      await p.waitForSelector('body[data-ready=blacklist] #blacklist-result');
      expect(p.url()).toContain('region=110000');
      expect(await p.textContent('#blacklist-result')).not.toContain(listed.name);
      await p.close();
    });

    it.each([
      [390, 844],
      [1366, 900],
    ])('has no horizontal overflow at %i px (lookup results, listed card, supplier-check results)', async (width, height) => {
      const { page: p } = await b.newPage();
      await p.setViewportSize({ width, height });
      await p.goto(`/portal/#/lookup?q=${encodeURIComponent(fragment)}`);
      await p.waitForSelector('#lookup-matches');
      await noOverflow(p);
      await b.shot(p, `lookup-results-${width}`);
      await p.goto(`/portal/#/lookup?q=${listed.code}`);
      await p.waitForSelector('#listed-banner');
      await noOverflow(p);
      await b.shot(p, `listed-card-${width}`);
      await p.goto('/portal/#/blacklist?region=350200');
      await p.waitForSelector('#blacklist-table');
      await noOverflow(p);
      await b.shot(p, `blacklist-${width}`);
      await p.goto('/portal/#/check');
      await p.fill('#partner-login input[name=apiKey]', t.demoApiKey);
      await p.click('#partner-login button[type=submit]');
      await p.waitForSelector('#check-form');
      await p.fill('#check-form textarea[name=codes]', `${listed.code}\n${caution.code}\n${priority.code}\nBAD`);
      await p.click('#check-form button[type=submit]');
      await p.waitForSelector('#check-table');
      await noOverflow(p);
      await b.shot(p, `supplier-check-${width}`);
      await p.close();
    });
  });
});

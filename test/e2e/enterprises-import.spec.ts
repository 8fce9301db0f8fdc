import { EnterpriseImporter, bulkLoadEnterprises, PersonalDataCipher, EnterprisesService, generateEnterpriseRows } from '#qcr/enterprises';
import { queryRows, querySingle, systemActor } from '#qcr/platform';
import { getDataSourceToken } from '@nestjs/typeorm';
import iconv from 'iconv-lite';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { freshOrgCode, freshUscc, uniqueHan } from './enterprises.fixtures.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

const HEADER = '统一社会信用代码,组织机构代码,企业名称,法定代表人,法定代表人证件号码,联系电话,行政区划代码,行业门类,登记状态,住所,成立日期';

describe('enterprise bulk import', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => t.close());

  const versionsOf = async (codes: string[]) => {
    const { n } = await querySingle<{ n: number }>(
      db,
      `SELECT count(*)::int AS n FROM enterprises.enterprise_versions v JOIN enterprises.enterprises e ON e.id = v.enterprise_id
        WHERE e.org_code = ANY($1)`,
      [codes],
    );
    return n;
  };

  /** Lines 2–8: 3 good rows, 3 bad rows, 1 duplicate of line 2. */
  function mixedFile() {
    const tag = uniqueHan();
    const [a, b] = [freshUscc(), freshUscc('420100')];
    const org = freshOrgCode();
    const badCheck = a.slice(0, 17) + (a[17] === '0' ? '1' : '0');
    const lines = [
      HEADER,
      `${a},,厦门${tag}食品有限公司,张三,350203199001011234,13812345678,,C,存续,厦门市思明区1号,2015-03-02`,
      `${b},,"武汉${tag}机械有限公司, 二分厂",李四,,,420100,C13,在业,,2018/7/9`,
      `,${org.slice(0, 8)}-${org[8]},福州${tag}老字号商行,王五,,,350100,F,注销,,`,
      `${badCheck},,坏校验${tag}有限公司,赵六,,,350200,C,存续,,`,
      `${freshUscc()},,,钱七,,,350200,C,存续,,`,
      `${freshUscc()},,未知区划${tag}有限公司,孙八,,,999999,Z,存续,,2020-13-01`,
      `${a.toLowerCase()},,重复${tag}有限公司,周九,,,350200,C,存续,,`,
    ];
    return { csv: lines.join('\r\n') + '\r\n', codes: [a.slice(8, 17), b.slice(8, 17), org], a, b, org, tag };
  }

  it('lands good rows, reports each bad row with its line, field and rule, and re-imports as a no-op', async () => {
    const file = mixedFile();
    const agent = await t.as('registrar');
    const res: Reply<Ok<'/api/v1/enterprises/import', 'post'>> = await agent
      .post('/api/v1/enterprises/import')
      .attach('file', Buffer.from('\uFEFF' + file.csv, 'utf8'), 'export.csv');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ fileName: 'export.csv', rowsRead: 7, inserted: 3, updated: 0, unchanged: 0, rejected: 4, noChanges: false });
    expect(res.body.errors).toEqual([
      { line: 5, field: 'uscc', rule: 'uscc_check', message: expect.stringMatching(/^expected ., given .$/) },
      { line: 6, field: 'name', rule: 'required', message: 'name is required' },
      { line: 7, field: 'region_code', rule: 'gbt2260', message: expect.any(String) },
      { line: 7, field: 'industry_code', rule: 'gbt4754', message: expect.any(String) },
      { line: 7, field: 'registered_on', rule: 'date', message: expect.any(String) },
      { line: 8, field: 'uscc', rule: 'duplicate_in_file', message: 'same enterprise as line 2' },
    ]);
    const a: Reply<Ok<'/api/v1/enterprises/{code}'>> = await agent.get(`/api/v1/enterprises/${file.a}`);
    expect(a.body).toMatchObject({ regionCode: '350200', industryCode: 'C', registeredOn: '2015-03-02' });
    expect(a.body.legalRepresentative.idNumber).toBe('350203199001011234');
    const b: Reply<Ok<'/api/v1/enterprises/{code}'>> = await agent.get(`/api/v1/enterprises/${file.b}`);
    expect(b.body).toMatchObject({ name: `武汉${file.tag}机械有限公司, 二分厂`, registeredOn: '2018-07-09' });
    expect(body<Ok<'/api/v1/enterprises/{code}'>>(await agent.get(`/api/v1/enterprises/${file.org}`))).toMatchObject({ uscc: null, status: 'deregistered' });
    const versions = await versionsOf(file.codes);
    expect(versions).toBe(3);

    const again: Reply<Ok<'/api/v1/enterprises/import', 'post'>> = await agent
      .post('/api/v1/enterprises/import')
      .attach('file', Buffer.from(file.csv, 'utf8'), 'export.csv');
    expect(again.body).toMatchObject({ rowsRead: 7, inserted: 0, updated: 0, unchanged: 3, rejected: 4, noChanges: true });
    expect(await versionsOf(file.codes)).toBe(versions);

    const report: Reply<Ok<'/api/v1/enterprises/imports/{id}'>> = await agent.get(`/api/v1/enterprises/imports/${again.body.id}`);
    expect(report.body).toMatchObject({ id: again.body.id, unchanged: 3, rejected: 4 });
    const csv = await agent.get(`/api/v1/enterprises/imports/${again.body.id}/errors.csv`);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.text).toContain('8,uscc,duplicate_in_file,same enterprise as line 2');
  });

  it('updates changed rows (a new version, former name kept) and attaches a USCC to an org-code record', async () => {
    const file = mixedFile();
    const importer = t.app.get(EnterpriseImporter);
    const actor = systemActor('import-test');
    await importer.importEnterprisesCsv(Readable.from([file.csv]), actor);
    const { usccCheckChar } = await import('#qcr/identifiers');
    const newUscc = `91350100${file.org}`;
    const changed = [
      HEADER,
      `${file.a},,厦门${file.tag}食品股份有限公司,张三,350203199001011234,13812345678,,C,存续,厦门市思明区1号,2015-03-02`,
      `${newUscc + usccCheckChar(newUscc)},,福州${file.tag}老字号商行,王五,,,350100,F,注销,,`,
    ].join('\n');
    const summary = await importer.importEnterprisesCsv(Readable.from([Buffer.from(changed)]), actor);
    expect(summary).toMatchObject({ inserted: 0, updated: 2, unchanged: 0, rejected: 0 });
    const service = t.app.get(EnterprisesService);
    const a = await service.view(systemActor(), file.a);
    expect(a).toMatchObject({
      name: `厦门${file.tag}食品股份有限公司`,
      version: 2,
      formerNames: [expect.objectContaining({ name: `厦门${file.tag}食品有限公司` })],
    });
    expect(await service.resolve(newUscc + usccCheckChar(newUscc))).toMatchObject({ orgCode: file.org });
  });

  it('keeps a registration that races the import: the batch falls back to the staged upsert, nothing is lost or doubled', async () => {
    const tag = uniqueHan();
    const [raced, other] = [freshUscc(), freshUscc()];
    const racedOrg = raced.slice(8, 17);
    // Another writer registers `raced` and holds its transaction open while the import runs, so the import does not
    // see it registered, its direct COPY waits on the unique index, and fails once the other writer commits.
    const runner = db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    await runner.query(
      `INSERT INTO enterprises.enterprises (uscc, org_code, name, region_code, industry_code, effective_on)
       VALUES ($1, $2, $3, '350200', 'C', current_date)`,
      [raced, racedOrg, `抢先登记${tag}有限公司`],
    );
    const csv = [HEADER, `${raced},,导入${tag}甲有限公司,张三,,,350200,C,存续,,`, `${other},,导入${tag}乙有限公司,李四,,,350200,C,存续,,`].join('\n');
    const importing = t.app.get(EnterpriseImporter).importEnterprisesCsv(Readable.from([Buffer.from(csv)]), systemActor('import-test'));
    await new Promise((r) => setTimeout(r, 500));
    await runner.commitTransaction();
    await runner.release();
    const summary = await importing;
    expect(summary).toMatchObject({ rowsRead: 2, inserted: 1, updated: 1, rejected: 0 });
    const rows = await queryRows<{ org_code: string; name: string; version: number }>(
      db,
      `SELECT org_code, name, version FROM enterprises.enterprises WHERE org_code = ANY($1) ORDER BY version DESC`,
      [[racedOrg, other.slice(8, 17)]],
    );
    expect(rows).toEqual([
      { org_code: racedOrg, name: `导入${tag}甲有限公司`, version: 2 }, // the registration kept, then updated by the import
      { org_code: other.slice(8, 17), name: `导入${tag}乙有限公司`, version: 1 },
    ]);
  });

  it('accepts a text/csv body and GBK-encoded files', async () => {
    const file = mixedFile();
    const agent = await t.as('registrar');
    const gbk = iconv.encode(file.csv, 'gbk');
    const res: Reply<Ok<'/api/v1/enterprises/import', 'post'>> = await agent.post('/api/v1/enterprises/import').set('Content-Type', 'text/csv').send(gbk);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ inserted: 3, rejected: 4 });
    const b: Reply<Ok<'/api/v1/enterprises/{code}'>> = await agent.get(`/api/v1/enterprises/${file.b}`);
    expect(b.body.name).toBe(`武汉${file.tag}机械有限公司, 二分厂`);
  });

  it('rejects a file without the required columns, and callers without the import permission', async () => {
    const agent = await t.as('registrar');
    const res: Reply<Problem> = await agent.post('/api/v1/enterprises/import').attach('file', Buffer.from('foo,bar\n1,2\n'), 'x.csv');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('ENTERPRISE.IMPORT_HEADER');
    const grader = await t.as('grader');
    expect((await grader.post('/api/v1/enterprises/import').attach('file', Buffer.from(HEADER), 'x.csv')).status).toBe(403);
  });

  it('bulk-loads generated enterprises with valid, unique codes; a re-run adds nothing', async () => {
    const seed = Math.floor(Math.random() * 1e9);
    const first = await bulkLoadEnterprises(db, 2_000, { seed, batchSize: 700, cipher: t.app.get(PersonalDataCipher) });
    expect(first.inserted).toBeGreaterThan(1_990); // a random seed may overlap another run's codes, rarely
    const second = await bulkLoadEnterprises(db, 2_000, { seed, cipher: t.app.get(PersonalDataCipher) });
    expect(second.inserted).toBe(0);
    const rows = [...generateEnterpriseRows(2_000, seed)];
    expect(new Set(rows.map((r) => r.orgCode)).size).toBe(2_000);
    expect(rows.filter((r) => r.uscc === null)).toHaveLength(20);
    const found = await t.app.get(EnterprisesService).resolveMany(rows.slice(0, 50).map((r) => r.uscc ?? r.orgCode));
    expect(found.size).toBe(50);
  });
});

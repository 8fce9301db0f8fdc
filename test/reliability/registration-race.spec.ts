import { DataSource } from 'typeorm';
import { randomOrgCode, randomUscc } from '#qcr/identifiers';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

/**
 * An organisation code and the USCC issued for it, registered at the same moment (DOMAIN.md §3: the USCC is
 * attached to the record holding its organisation code). However the two interleave, the end is one record with
 * both codes: the USCC is registered or attached (201/200), never refused with 409; the organisation code is
 * registered first (201) or finds it already registered (409 pointing at the record). Issue 25: 24 of 40 races
 * used to leave the USCC refused.
 */
const RACES = 40;

describe('registering an organisation code and its USCC concurrently', () => {
  let t: TestApp;
  let ds: DataSource;
  beforeAll(async () => {
    t = await createTestApp();
    ds = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it(`${RACES}×: always one record holding both codes`, async () => {
    const registrar = await t.as('registrar');
    const outcomes: string[] = [];
    for (let i = 0; i < RACES; i++) {
      const orgCode = randomOrgCode();
      const uscc = randomUscc(Math.random, { orgCode });
      const byOrg = () =>
        registrar.post('/api/v1/enterprises').send({
          code: orgCode,
          name: `竞态测试企业${i}`,
          legalRepresentative: { name: '测试法人', idNumber: '350203197001101005' },
          industryCode: 'C',
          regionCode: '350200',
        });
      const byUscc = () =>
        registrar
          .post('/api/v1/enterprises')
          .send({ code: uscc, name: `竞态测试企业${i}`, legalRepresentative: { name: '测试法人', idNumber: '350203197001101005' }, industryCode: 'C' });
      const [org, full] = i % 2 ? await Promise.all([byOrg(), byUscc()]) : await Promise.all([byUscc(), byOrg()]).then(([u, o]) => [o, u] as const);
      const rows: Array<{ uscc: string | null }> = await ds.query(`SELECT uscc FROM enterprises.enterprises WHERE org_code = $1 OR uscc = $2`, [orgCode, uscc]);
      outcomes.push(`${org.status}/${full.status}/${rows.map((r) => r.uscc ?? 'null').join(',')}`);
      expect({ i, uscc: full.status, rows }).toEqual({ i, uscc: full.status === 200 ? 200 : 201, rows: [{ uscc }] });
      expect([201, 409]).toContain(org.status);
    }
    expect(outcomes.length).toBe(RACES);
  }, 120_000);
});

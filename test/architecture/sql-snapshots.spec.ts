import { CheckLogWriter } from '#qcr/joint-measures';
import { randomUscc } from '#qcr/identifiers';
import { ownTestDatabase } from '../helpers/own-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { proposal } from '../e2e/blacklist-helpers.js';
import { creditRecord, monthsAgo } from '../e2e/credit-grading-helpers.js';
import { SqlCapture } from './sql-capture.js';
import { committedSnapshots, renderSnapshots, snapshotDiff, SNAPSHOT_DIR, writeSnapshots } from './sql-snapshot-files.js';

/**
 * The SQL of the hot paths is committed (issue 23, docs/conventions.md § SQL snapshots): one file per issuing source
 * file under test/sql-snapshots, so a changed query shows in review as a diff of SQL, like the OpenAPI document does
 * for the contract. The app runs on a database of its own (the shared one's other suites would change which branches
 * run); each hot path is driven through the HTTP API as its users drive it, and every statement the pg driver is
 * handed is attributed to the file that issued it. To accept a change: QCR_UPDATE_SQL=1 and run this spec.
 */
const HOT_PATHS = {
  login: 'login and a staff request (POST /auth/login, GET /auth/me)',
  apiKey: 'API-key auth (a partner request with a key not yet cached)',
  register: 'enterprise registration (POST /enterprises)',
  creditRecord: 'credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)',
  propose: 'listing proposal (POST /listings)',
  notify: 'listing notify and statement (POST /listings/{id}/notify, …/statements)',
  decide: 'listing decision, regrading its enterprise (POST /listings/{id}/decide)',
  check: 'single check (GET /checks/{code})',
  batch: 'batch check (POST /checks/batch)',
  person: 'person check (POST /checks/persons)',
  card: 'public register card (GET /public/enterprises/{code})',
  search: 'public register search (GET /public/enterprises?q=)',
  changes: 'change feed read (GET /changes)',
} as const;
const ORDER: string[] = Object.values(HOT_PATHS);
/**
 * Workers whose statements follow the hot paths on a timer or after a commit, outside the request that caused them:
 * which hot path is running when they fire is chance, so their statements are labelled with the worker.
 */
const BACKGROUND = {
  'changes/outbox/change-sequencer': 'the change sequencer (after each commit that wrote changes, and a 200 ms poll)',
  'audit/audit-sealer': 'the audit sealer (a 200 ms timer chaining committed audit entries)',
};

/** A valid resident ID number (GB 11643), the enterprise's legal representative: it must never appear in a snapshot. */
const ID_NUMBER = '11010519491231002X';

describe('SQL snapshots of the hot paths', () => {
  const own = ownTestDatabase('sqlsnap');
  const capture = new SqlCapture();
  let t: TestApp;
  let partnerKey: string;

  beforeAll(async () => {
    await own.create();
    t = await createTestApp({}, own.url);
    // A key of its own: the demo key is verified (and cached) while the app starts, so its lookup would not be sent.
    const admin = await t.as('admin');
    const agency = await admin.post('/api/v1/admin/agencies').send({
      code: 'sqlsnap-agency',
      name: '快照测试采购中心',
      department: '政府采购中心',
      purposes: ['government_procurement', 'office_holding'],
    });
    expect(agency.status).toBe(201);
    const agencyId = (agency.body as { id: string }).id;
    const key = await admin.post(`/api/v1/admin/agencies/${agencyId}/keys`).send({ label: 'sql snapshots', validDays: 30 });
    expect(key.status).toBe(201);
    partnerKey = (key.body as { key: string }).key;
    capture.start();
  }, 120_000);

  afterAll(async () => {
    capture.stop();
    await t?.close();
    await own.drop();
  });

  const partner = () => t.http().set('X-API-Key', partnerKey);
  const ok = <R extends { status: number; text: string }>(res: R, ...statuses: number[]): R => {
    if (!statuses.includes(res.status)) throw new Error(`${res.status} ${res.text}`);
    return res;
  };
  /** Answers are logged in ~100 ms batches: flush inside the hot path so the log's INSERT is counted there. */
  const flushCheckLog = () => t.app.get(CheckLogWriter).flush();

  it('drives every hot path and matches the committed snapshots', async () => {
    await capture.during(HOT_PATHS.login, async () => {
      ok(await (await t.asUser('auditor')).get('/api/v1/auth/me'), 200);
    });
    await capture.during(HOT_PATHS.apiKey, async () => {
      ok(await partner().get('/api/v1/checks/purposes'), 200);
    });

    const code = randomUscc();
    const registrar = await t.as('registrar');
    let enterpriseId = '';
    await capture.during(HOT_PATHS.register, async () => {
      const res = ok(
        await registrar.post('/api/v1/enterprises').send({
          code,
          name: `快照测试企业${code.slice(-6)}有限公司`,
          regionCode: '350203',
          legalRepresentative: { name: '测试法人', idNumber: ID_NUMBER },
          industryCode: 'C',
        }),
        200,
        201,
      );
      enterpriseId = (res.body as { id: string }).id;
    });
    await capture.during(HOT_PATHS.creditRecord, async () => {
      ok(await registrar.post(`/api/v1/enterprises/${code}/credit-records`).send(creditRecord('sampling_passed', monthsAgo(2))), 201);
    });

    const officer = await t.as('officer');
    const reviewer = await t.as('reviewer');
    let listingId = '';
    await capture.during(HOT_PATHS.propose, async () => {
      listingId = (ok(await officer.post('/api/v1/listings').send(proposal(enterpriseId)), 201).body as { id: string }).id;
    });
    await capture.during(HOT_PATHS.notify, async () => {
      ok(await officer.post(`/api/v1/listings/${listingId}/notify`).send({}), 200, 201);
      ok(await officer.post(`/api/v1/listings/${listingId}/statements`).send({ kind: 'waiver', summary: '企业书面放弃陈述申辩' }), 200, 201);
    });
    await capture.during(HOT_PATHS.decide, async () => {
      ok(await reviewer.post(`/api/v1/listings/${listingId}/decide`).send({ decisionNumber: '测列〔2025〕快照号' }), 200, 201);
    });

    const unregistered = randomUscc();
    await capture.during(HOT_PATHS.check, async () => {
      for (const c of [code, unregistered]) ok(await partner().get(`/api/v1/checks/${c}?purpose=government_procurement`), 200);
      ok(await officer.get(`/api/v1/checks/${code}?purpose=office_holding`), 200);
      await flushCheckLog();
    });
    await capture.during(HOT_PATHS.batch, async () => {
      ok(
        await partner()
          .post('/api/v1/checks/batch')
          .send({ purpose: 'government_procurement', codes: [code, unregistered] }),
        200,
      );
      ok(await officer.post('/api/v1/checks/batch').send({ purpose: 'office_holding', codes: [code, unregistered, randomUscc()] }), 200);
      await flushCheckLog();
    });
    await capture.during(HOT_PATHS.person, async () => {
      ok(await partner().post('/api/v1/checks/persons').send({ idType: 'resident_id', idNumber: ID_NUMBER, purpose: 'office_holding' }), 200);
      await flushCheckLog();
    });
    await capture.during(HOT_PATHS.card, async () => {
      ok(await t.http().get(`/api/v1/public/enterprises/${code}`), 200);
    });
    await capture.during(HOT_PATHS.search, async () => {
      ok(await t.http().get('/api/v1/public/enterprises').query({ q: '快照测试', limit: 10 }), 200);
    });
    await capture.during(HOT_PATHS.changes, async () => {
      ok(await partner().get('/api/v1/changes?since=0&limit=100'), 200);
      ok(await officer.get('/api/v1/changes?since=0&limit=100'), 200);
    });
    capture.stop();

    // Parameters only: no value a request carried (codes, names, ID numbers, the key: data holds a digit or a Han
    // character, unlike the status words some statements also spell as literals) is spelt in the SQL text.
    const data = (v: string) => v.length >= 6 && /[0-9]|[^ -~]/.test(v);
    const leaked = capture.statements.flatMap((s) => s.stringValues.filter((v) => data(v) && s.text.includes(v)).map((v) => `${s.origin}: ${v}`));
    expect(leaked).toEqual([]);

    const generated = renderSnapshots(capture.statements, ORDER, BACKGROUND);
    const all = [...generated.values()].join('\n');
    for (const secret of [ID_NUMBER, code, partnerKey, process.env.QCR_TEST_DEMO_PASSWORD ?? '-']) expect(all).not.toContain(secret);
    // the capture saw the hot paths' own files: this test cannot pass on an empty capture
    expect([...generated.keys()]).toEqual(expect.arrayContaining(['joint-measures/checks/check-reads.sql', 'access/sessions/sessions.service.sql']));

    if (process.env.QCR_UPDATE_SQL === '1') writeSnapshots(generated);
    const diff = snapshotDiff(committedSnapshots(), generated);
    if (diff)
      throw new Error(`The SQL of the hot paths differs from ${SNAPSHOT_DIR} (review it; to accept it, run this spec with QCR_UPDATE_SQL=1):\n\n${diff}`);
  }, 120_000);
});

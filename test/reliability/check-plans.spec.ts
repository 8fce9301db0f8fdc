import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pg from 'pg';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { bulkLoadEnterprises, PersonalDataCipher } from '#qcr/enterprises';
import { randomOrgCode, randomUscc } from '#qcr/identifiers';
import { addDays, queryRows, todayInChina } from '#qcr/platform';
import { bodyOf, type Schema } from '../helpers/body.js';
import { defined, first } from '../helpers/defined.js';
import { ownTestDatabase } from '../helpers/own-database.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { FLOOR_SQL, floorVerdict, loadMeasures } from '../perf/floor-queries.js';
import { listed } from '../e2e/blacklist-helpers.js';
import { addRecord, monthsAgo, newEnterprise } from '../e2e/credit-grading-helpers.js';

/**
 * Plan regression for the reads every department calls (issue 12): the single check, the batch and
 * the public lookup must each be index probes whose cost does not grow with the register or with how
 * its rows were written. On a register written the way production writes it — bulk seed (the path of
 * `cli seed enterprises`), credit records and listings through the API, full regrades through the
 * API — every statement those requests send is captured from the pg driver and re-run under
 * EXPLAIN (ANALYZE, BUFFERS), with a custom and with a generic plan. A statement fails when any node
 * scans a GiST index (the exclusion constraints are for integrity, not reads), sequentially scans a
 * table of this size, or touches more shared buffers than a few btree descents need.
 *
 * Before issue 12 the grade read (`daterange(valid_from, valid_to) @> $2`) failed here: it used the
 * GiST index grades_no_overlap.
 */
const ENTERPRISES = 20_000;
/** per looked-up code: enterprise probe (≤ 4), org-code fallback (≤ 4), grade probe (≤ 4), listings (≤ 4), list type (≤ 2), slack */
const BUFFERS_PER_CODE = 24;

/**
 * Set while the app serves a request: only statements sent in it are the request's. The app also runs statements of
 * its own meanwhile — the change sequencer's poll every 200 ms (`SELECT EXISTS (… changes.events WHERE cursor IS NULL)`,
 * change-sequencer.ts), whose buffers depend on how far vacuum has got after the set-up's writes — and on a loaded
 * machine a check lasts long enough to catch one (seen failing the budget on main, 56 buffers).
 */
const inRequest = new AsyncLocalStorage<true>();

interface Captured {
  text: string;
  values: unknown[];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}

describe('check-path query plans on a register written through the real write paths', () => {
  const own = ownTestDatabase('plans');
  const url = own.url;
  let t: TestApp;
  let explainer: pg.Client;
  let gistIndexes: Set<string>;
  /** tables holding more rows than fit a few pages: a sequential scan of one is never a point read */
  let bigTables: Set<string>;
  const codes: { registered: string[]; listed: string; graded: string; aa: string; orgOnly: string; unregistered: string } = {
    registered: [],
    listed: '',
    graded: '',
    aa: '',
    orgOnly: '',
    unregistered: '',
  };

  beforeAll(async () => {
    await own.create();
    t = await createTestApp({}, url);
    const server = t.app.getHttpServer();
    const listeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
    server.removeAllListeners('request');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => inRequest.run(true, () => listeners.forEach((l) => l(req, res))));
    const ds = t.app.get<DataSource>(getDataSourceToken());
    await bulkLoadEnterprises(ds, ENTERPRISES, { seed: 12, cipher: t.app.get(PersonalDataCipher) });

    // Single writes through the API: credit records (each regrades its enterprise), listings, an org-code-only record.
    const graded = await newEnterprise(t);
    await addRecord(t, graded.code, 'sampling_passed', monthsAgo(2));
    codes.graded = graded.code;
    for (let i = 0; i < 3; i++) {
      const e = await newEnterprise(t);
      await listed(t, e.id);
      codes.listed = e.code;
    }
    const orgOnly = randomOrgCode();
    const reg = await (await t.as('registrar')).post('/api/v1/enterprises').send({
      code: orgOnly,
      name: `仅有组织机构代码企业${orgOnly}`,
      regionCode: '350203',
      industryCode: 'C',
      legalRepresentative: { name: '测试法人', idNumber: '350203197001101005' },
    });
    expect([200, 201]).toContain(reg.status);
    codes.orgOnly = orgOnly;
    codes.unregistered = randomUscc(); // valid, and (with 31^9 organisation codes) not among the 20,000

    // Two full regrades through the API: the grade history as production writes it.
    const grader = await t.as('grader');
    for (const asOf of [addDays(todayInChina(), -400), todayInChina()]) {
      const run = await grader.post('/api/v1/grading/runs').send({ asOf });
      expect(run.status).toBe(202);
      for (let i = 0; i < 600; i++) {
        const r = bodyOf<{ status: string }>(await grader.get(`/api/v1/grading/runs/${bodyOf<{ id: string }>(run).id}`));
        if (r.status !== 'running') {
          expect(r.status).toBe('completed');
          break;
        }
        await new Promise((res) => setTimeout(res, 100));
      }
    }
    // An AA grade the lawful way when history is this short: a grader's override, approved by a reviewer.
    const aa = await newEnterprise(t);
    const proposed = await grader.post(`/api/v1/enterprises/${aa.code}/grade-overrides`).send({ grade: 'AA', reason: '省级质量奖获奖企业，经现场核查' });
    expect(proposed.status).toBe(201);
    const approved = await (
      await t.as('reviewer')
    )
      .post(`/api/v1/grade-overrides/${bodyOf<{ id: string }>(proposed).id}/review`)
      .send({ decision: 'approve', reason: '核查属实' });
    expect(bodyOf<{ status: string }>(approved).status).toBe('approved');
    codes.aa = aa.code;
    const rows = await queryRows<{ uscc: string }>(ds, `SELECT uscc FROM enterprises.enterprises WHERE uscc IS NOT NULL ORDER BY id DESC LIMIT 500`);
    codes.registered = rows.map((r) => r.uscc);

    explainer = new pg.Client({ connectionString: url });
    await explainer.connect();
    await explainer.query('ANALYZE');
    gistIndexes = new Set(
      (await explainer.query<{ relname: string }>(`SELECT c.relname FROM pg_class c JOIN pg_am a ON a.oid = c.relam WHERE a.amname = 'gist'`)).rows.map(
        (r) => r.relname,
      ),
    );
    expect(gistIndexes.has('grades_no_overlap')).toBe(true); // the integrity constraint is still there
    bigTables = new Set(
      (await explainer.query<{ relname: string }>(`SELECT relname FROM pg_class WHERE relkind = 'r' AND reltuples > 1000`)).rows.map((r) => r.relname),
    );
    expect(bigTables.has('grades')).toBe(true);
  }, 300_000);

  afterAll(async () => {
    await explainer?.end();
    await t?.close();
    await own.drop();
  });

  /** Every SELECT the app sends to PostgreSQL to serve the requests `act` makes. */
  async function capture(act: () => Promise<void>): Promise<Captured[]> {
    const seen: Captured[] = [];
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const [first, second] = args;
      const config = typeof first === 'string' ? { text: first, values: second } : (first as { text?: string; values?: unknown[] });
      if (inRequest.getStore() && config?.text && /^\s*(SELECT|WITH|\()/i.test(config.text))
        seen.push({ text: config.text, values: (config.values as unknown[]) ?? [] });
      return original.apply(this, args);
    };
    try {
      await act();
    } finally {
      proto.query = original;
    }
    return seen.filter((q, i) => seen.findIndex((o) => o.text === q.text) === i);
  }

  function walk(node: PlanNode, visit: (n: PlanNode) => void): void {
    visit(node);
    for (const child of node.Plans ?? []) walk(child, visit);
  }

  /** The faults of one statement's plan, for both plan modes; empty when it is a bounded index probe. */
  async function faults(q: Captured, budget: number): Promise<string[]> {
    const found: string[] = [];
    for (const mode of ['force_custom_plan', 'force_generic_plan']) {
      await explainer.query(`SET plan_cache_mode = ${mode}`);
      const { rows } = await explainer.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${q.text}`, q.values);
      const root = first(rows, 'an EXPLAIN row')['QUERY PLAN'][0].Plan;
      walk(root, (n) => {
        if (n['Index Name'] && gistIndexes.has(n['Index Name'])) found.push(`${mode}: ${n['Node Type']} on GiST index ${n['Index Name']}`);
        if (n['Node Type'] === 'Seq Scan' && bigTables.has(n['Relation Name'] ?? '')) {
          found.push(`${mode}: Seq Scan on ${n['Relation Name']}`);
        }
      });
      const buffers = (root['Shared Hit Blocks'] ?? 0) + (root['Shared Read Blocks'] ?? 0);
      if (buffers > budget) found.push(`${mode}: ${buffers} shared buffers (budget ${budget})`);
    }
    await explainer.query(`RESET plan_cache_mode`);
    return found.map((f) => `${f}\n    ${q.text.replace(/\s+/g, ' ').slice(0, 300)}`);
  }

  async function expectProbes(captured: Captured[], budget: number) {
    expect(captured.length).toBeGreaterThan(0); // the capture saw the app's statements: this test cannot pass vacuously
    const all = (await Promise.all(captured.map((q) => faults(q, budget)))).flat();
    expect(all).toEqual([]);
  }

  it.each([
    ['a registered enterprise', () => codes.registered[0], ''],
    ['a graded enterprise', () => codes.graded, ''],
    ['a listed enterprise', () => codes.listed, ''],
    ['an org-code-only enterprise, by its organisation code', () => codes.orgOnly, ''],
    ['an unregistered code', () => codes.unregistered, ''],
    ['a registered enterprise a year ago', () => codes.registered[1], `&asOf=${addDays(todayInChina(), -365)}`],
  ])('single check of %s: index probes only', async (_label, code, extra) => {
    const captured = await capture(async () => {
      const res = await t.partner().get(`/api/v1/checks/${code()}?purpose=government_procurement${extra}`);
      expect(res.status).toBe(200);
    });
    await expectProbes(captured, BUFFERS_PER_CODE);
  });

  // Issue 18: office_holding and licensing add the officers' personal restrictions to the one statement.
  it.each([
    ['a registered enterprise', () => codes.registered[4]],
    ['a listed enterprise', () => codes.listed],
    ['an org-code-only enterprise with a legal representative', () => codes.orgOnly],
  ])('single office_holding check of %s: index probes only, still one statement', async (_label, code) => {
    const captured = await capture(async () => {
      const res = await t.partner().get(`/api/v1/checks/${code()}?purpose=government_procurement`);
      expect(res.status).toBe(200);
      const staff = await (await t.as('officer')).get(`/api/v1/checks/${code()}?purpose=office_holding`);
      expect(staff.status).toBe(200);
      expect(bodyOf<Schema<'CheckResult'>>(staff).officerRestrictions).toEqual(expect.any(Array));
    });
    expect(captured.filter((q) => /officers_on/.test(q.text))).toHaveLength(1);
    await expectProbes(
      captured.filter((q) => /resolve_code/.test(q.text)),
      BUFFERS_PER_CODE,
    );
  });

  it('person check: index probes only', async () => {
    const officer = await t.as('officer');
    const captured = await capture(async () => {
      const res = await officer.post('/api/v1/checks/persons').send({ idType: 'resident_id', idNumber: '11010519491231002X', purpose: 'office_holding' });
      expect(res.status).toBe(200);
    });
    await expectProbes(
      captured.filter((q) => /person_listings_on/.test(q.text)),
      BUFFERS_PER_CODE,
    );
  });

  // The person batch, and single person checks coalesced in one turn, join an unnest of digests to the unique btree.
  it('person batch: index probes only, buffers proportional to the persons', async () => {
    const officer = await t.as('officer');
    const persons = ['11010519491231002X', '350203197001101005', '110105194912310029'].map((idNumber) => ({ idType: 'resident_id', idNumber }));
    const captured = await capture(async () => {
      const res = await officer.post('/api/v1/checks/persons/batch').send({ purpose: 'office_holding', persons });
      expect(res.status).toBe(200);
    });
    const reads = captured.filter((q) => /person_listings_on/.test(q.text));
    expect(reads).toHaveLength(1);
    await expectProbes(reads, BUFFERS_PER_CODE * persons.length);
  });

  it('batch check of 500 codes: index probes only, buffers proportional to the codes', async () => {
    const batch = [...codes.registered, codes.listed, codes.orgOnly, codes.unregistered];
    const captured = await capture(async () => {
      const res = await t.partner().post('/api/v1/checks/batch').send({ purpose: 'government_procurement', codes: batch });
      expect(res.status).toBe(200);
    });
    await expectProbes(captured, BUFFERS_PER_CODE * batch.length);
  });

  /**
   * The write path's regrade (issue 21 folded its reads into one statement) reads the open grade row FOR UPDATE with
   * its inputs. Written `enterprise_id = $1 AND valid_to IS NULL`, the planner took the GiST exclusion index
   * grades_no_overlap for the open row (32 buffers there, 57 for the statement); it must probe the btree grades_current.
   */
  it('credit-record write: the regrade reads its inputs through btree probes', async () => {
    const captured = await capture(async () => {
      await addRecord(t, defined(codes.registered[5], 'a sixth registered code'), 'sampling_failed', monthsAgo(1));
    });
    const inputs = captured.filter((q) => /FROM grading\.grades/.test(q.text));
    expect(inputs.map((q) => q.text)).toEqual([expect.stringMatching(/^\s*WITH cur AS \(SELECT .* FOR UPDATE\)/s)]);
    await expectProbes(inputs, BUFFERS_PER_CODE);
  });

  /**
   * The bench's floors (test/perf/floor-queries.ts) are written from the tables, independently of the
   * API's SQL; a floor that answered differently would be measuring a different question.
   */
  it('the one-statement floor and the API give the same verdict, grade and listing ids', async () => {
    const sample = {
      registered: defined(codes.registered[3], 'a fourth registered code'),
      graded: codes.graded,
      aa: codes.aa,
      listed: codes.listed,
      orgOnly: codes.orgOnly,
      unregistered: codes.unregistered,
    };
    const measures = await loadMeasures(explainer as unknown as pg.Pool, 'government_procurement');
    const verdicts = new Set<string>();
    for (const [label, code] of Object.entries(sample)) {
      const res = await t.partner().get(`/api/v1/checks/${code}?purpose=government_procurement`);
      expect(res.status).toBe(200);
      const sql = code.length === 9 ? FLOOR_SQL.checkOrg : FLOOR_SQL.checkUscc;
      const check = bodyOf<Schema<'CheckResult'>>(res);
      const [row] = (await explainer.query<{ grade: string | null; listing_ids: string[] }>(sql, [code, check.asOf])).rows;
      const floor = row
        ? { verdict: floorVerdict(measures, row.grade, row.listing_ids.length > 0), grade: row.grade, listingIds: row.listing_ids }
        : { verdict: 'not_registered', grade: null, listingIds: [] };
      const api = { verdict: check.verdict, grade: check.grade?.grade ?? null, listingIds: check.listings.map((l) => l.id) };
      expect({ label, ...api }).toEqual({ label, ...floor });
      verdicts.add(api.verdict);
    }
    // the sample covers every answer a check can give
    expect([...verdicts].sort()).toEqual(['clear', 'not_registered', 'priority', 'restricted']);
  });

  it.each([
    ['a registered enterprise', () => codes.registered[2]],
    ['a listed enterprise', () => codes.listed],
  ])('public lookup of %s: index probes only', async (_label, code) => {
    const captured = await capture(async () => {
      const res = await t.http().get(`/api/v1/public/enterprises/${code()}`);
      expect(res.status).toBe(200);
    });
    await expectProbes(captured, BUFFERS_PER_CODE * 2);
  });
});

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { FLOOR_SQL, type FloorAnswer, floorVerdict, loadMeasures, type FloorMeasure, normalize } from './floor-queries.js';

/**
 * The bench's baselines, node:http + pg, as a child process (DATABASE_URL, PORT; prints "ready <port>"):
 *   GET  /probe/{code}                  one prepared btree lookup of the enterprise (the physical floor)
 *   GET  /check/{code}?purpose=&asOf=   the whole check as one prepared statement (the floor of a check)
 *   POST /batch {codes, purpose, asOf}  the same statement in its `= ANY` form (unnest join) for a list
 * Answers carry verdict, grade and listing ids so the parity test can hold the API to the same answer.
 * The date defaults to today in China computed from the UTC clock + 8 h (no Intl time-zone call: that
 * cost ~195 µs a request on Node 20 and made the old baseline slower than the API).
 */
/** A row of the one-statement check (FLOOR_SQL.check*; the batch forms add the code). */
interface FloorRow {
  grade: string | null;
  listing_ids: string[];
}

const todayInChina = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

function main(): void {
  const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 20) });
  const catalogue = new Map<string, FloorMeasure[]>();
  const measuresFor = async (purpose: string) => {
    let m = catalogue.get(purpose);
    if (!m) catalogue.set(purpose, (m = await loadMeasures(db, purpose)));
    return m;
  };

  const probe = async (code: string) => {
    const org = code.length === 9;
    const { rows } = await db.query<{ id: string }>({
      name: org ? 'probe_org' : 'probe_uscc',
      text: org ? FLOOR_SQL.probeOrg : FLOOR_SQL.probeUscc,
      values: [code],
    });
    return { code, found: rows.length > 0, id: rows[0]?.id ?? null };
  };

  const check = async (code: string, purpose: string, asOf: string): Promise<FloorAnswer> => {
    const org = code.length === 9;
    const [{ rows }, measures] = await Promise.all([
      db.query<FloorRow>({ name: org ? 'check_org' : 'check_uscc', text: org ? FLOOR_SQL.checkOrg : FLOOR_SQL.checkUscc, values: [code, asOf] }),
      measuresFor(purpose),
    ]);
    const r = rows[0];
    if (!r) return { code, verdict: 'not_registered', grade: null, listingIds: [] };
    return { code, verdict: floorVerdict(measures, r.grade, r.listing_ids.length > 0), grade: r.grade, listingIds: r.listing_ids };
  };

  const batch = async (codes: string[], purpose: string, asOf: string) => {
    const normal = codes.map(normalize);
    const orgs = normal.filter((c) => c.length === 9);
    const usccs = normal.filter((c) => c.length === 18);
    const [u, o, measures] = await Promise.all([
      db.query<FloorRow & { code: string }>({ name: 'batch_uscc', text: FLOOR_SQL.batchUscc, values: [usccs, asOf] }),
      orgs.length ? db.query<FloorRow & { code: string }>({ name: 'batch_org', text: FLOOR_SQL.batchOrg, values: [orgs, asOf] }) : { rows: [] },
      measuresFor(purpose),
    ]);
    const found = new Map<string, FloorRow>([...u.rows, ...o.rows].map((r) => [r.code, r]));
    return normal.map((code): FloorAnswer => {
      const r = found.get(code);
      if (!r) return { code, verdict: 'not_registered', grade: null, listingIds: [] };
      return { code, verdict: floorVerdict(measures, r.grade, r.listing_ids.length > 0), grade: r.grade, listingIds: r.listing_ids };
    });
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve, reject) => {
      let s = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (s += d));
      req.on('end', () => resolve(s));
      req.on('error', reject);
    });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/(probe|check)\/([^/]+)$/.exec(url.pathname);
    const asOf = url.searchParams.get('asOf') ?? todayInChina();
    const purpose = url.searchParams.get('purpose') ?? 'government_procurement';
    let work: Promise<unknown>;
    if (req.method === 'GET' && m?.[1] === 'probe') work = probe(normalize(decodeURIComponent(m[2] ?? '')));
    else if (req.method === 'GET' && m?.[1] === 'check') work = check(normalize(decodeURIComponent(m[2] ?? '')), purpose, asOf);
    else if (req.method === 'POST' && url.pathname === '/batch')
      work = readBody(req).then((text) => {
        const b = JSON.parse(text) as { codes: string[]; purpose?: string; asOf?: string };
        return batch(b.codes, b.purpose ?? purpose, b.asOf ?? asOf);
      });
    else return send(res, 404, { error: 'not found' });
    work.then(
      (body) => send(res, 200, body),
      (err: Error) => send(res, 500, { error: err.message }),
    );
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    console.log(`ready ${typeof address === 'object' && address ? address.port : ''}`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void db.end().then(() => process.exit(0));
  });
}

try {
  main();
} catch (err) {
  console.error(err);
  process.exit(1);
}

import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { yieldToRequests } from '#qcr/platform';

/** The shape rows take on their way in: stored form, personal data already sealed. */
export interface StagedRow {
  line: number;
  uscc: string | null;
  orgCode: string;
  name: string;
  legalRepName: string | null;
  legalRepIdEnc: string | null;
  legalRepIdHash: string | null;
  legalRepIdMasked: string | null;
  legalRepPhone: string | null;
  regionCode: string;
  industryCode: string;
  status: string;
  address: string | null;
  registeredOn: string | null;
}

export interface PgClient {
  query(sql: string | object, params?: unknown[]): unknown;
}

const STAGE_COLUMNS =
  'line, uscc, org_code, name, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash, legal_rep_id_masked, legal_rep_phone, region_code, industry_code, status, address, registered_on';

/** A temporary table living until the batch's transaction ends. */
export const CREATE_STAGE = `CREATE TEMP TABLE IF NOT EXISTS enterprise_stage (
  line integer, uscc text, org_code text, name text, legal_rep_name text, legal_rep_id_enc text, legal_rep_id_hash text,
  legal_rep_id_masked text, legal_rep_phone text, region_code text, industry_code text, status text, address text, registered_on date
) ON COMMIT DROP`;

// COPY text format: backslash, tab, newline and carriage return are escaped; \N is NULL.
const SPECIAL = /[\\\t\n\r]/;
/** A string as one COPY text field (never NULL). */
export const copyText = (s: string): string =>
  SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;

const esc = (v: string | number | null): string => {
  if (v === null) return '\\N';
  const s = typeof v === 'string' ? v : String(v);
  return SPECIAL.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : s;
};

export function copyLine(r: StagedRow): string {
  return (
    `${r.line}\t${esc(r.uscc)}\t${esc(r.orgCode)}\t${esc(r.name)}\t${esc(r.legalRepName)}\t${esc(r.legalRepIdEnc)}\t${esc(r.legalRepIdHash)}\t` +
    `${esc(r.legalRepIdMasked)}\t${esc(r.legalRepPhone)}\t${esc(r.regionCode)}\t${esc(r.industryCode)}\t${esc(r.status)}\t${esc(r.address)}\t` +
    `${esc(r.registeredOn)}\n`
  );
}

const NEW_COLUMNS =
  'uscc, org_code, name, name_since, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash, legal_rep_id_masked, legal_rep_phone, region_code, industry_code, status, address, registered_on, effective_on';

/** COPY of rows whose organisation code is not registered yet, straight into enterprises.enterprises. */
export const COPY_NEW_ENTERPRISES = `COPY enterprises.enterprises (${NEW_COLUMNS}) FROM STDIN`;

/** One new enterprise as a line of COPY_NEW_ENTERPRISES; the same values UPSERT_FROM_STAGE's INSERT would write. */
export function newEnterpriseLine(r: StagedRow, today: string): string {
  return (
    `${esc(r.uscc)}\t${esc(r.orgCode)}\t${esc(r.name)}\t${r.registeredOn ?? today}\t${esc(r.legalRepName)}\t${esc(r.legalRepIdEnc)}\t` +
    `${esc(r.legalRepIdHash)}\t${esc(r.legalRepIdMasked)}\t${esc(r.legalRepPhone)}\t${esc(r.regionCode)}\t${esc(r.industryCode)}\t` +
    `${esc(r.status)}\t${esc(r.address)}\t${esc(r.registeredOn)}\t${today}\n`
  );
}

/** Streams ready COPY text lines (any COPY … FROM STDIN statement) on the given connection. */
export async function copyLines(client: PgClient, statement: string, lines: Iterable<string>): Promise<void> {
  const sink = (client as { query(q: object): NodeJS.WritableStream }).query(copyFrom(statement));
  async function* chunks() {
    let buf = '';
    for (const line of lines) {
      buf += line;
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
        await yieldToRequests(); // see copyIntoStage
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(chunks()), sink);
}

/** COPY rows into enterprise_stage on the given connection (inside its transaction). */
export async function copyIntoStage(client: PgClient, rows: Iterable<StagedRow> | AsyncIterable<StagedRow>): Promise<void> {
  const sink = (client as { query(q: object): NodeJS.WritableStream }).query(copyFrom(`COPY enterprise_stage (${STAGE_COLUMNS}) FROM STDIN`));
  async function* lines() {
    let buf = '';
    for await (const r of rows) {
      buf += copyLine(r);
      if (buf.length > 1 << 16) {
        yield buf;
        buf = '';
        // A stream pulls the next chunk in a microtask: without a macrotask yield a 10k batch's lines are all
        // built in one go (140 ms blocks in the profile under check load, issue 25).
        await yieldToRequests();
      }
    }
    if (buf) yield buf;
  }
  await pipeline(Readable.from(lines()), sink);
}

/**
 * Rows whose USCC differs from the one already registered for their organisation code:
 * reported per row and removed from the stage before the upsert.
 */
export const REJECT_USCC_CONFLICTS = `
  DELETE FROM enterprise_stage s USING enterprises.enterprises e
   WHERE e.org_code = s.org_code AND s.uscc IS NOT NULL AND e.uscc IS NOT NULL AND e.uscc <> s.uscc
  RETURNING s.line, s.uscc, e.uscc AS registered`;

/**
 * One set-based upsert keyed by organisation code. Unchanged rows are not touched,
 * so re-importing a file writes no new versions. The personal-data comparison uses
 * the ID hash (the ciphertext differs on every encryption). $1 = today (China).
 */
export const UPSERT_FROM_STAGE = `
  WITH upd AS (
    UPDATE enterprises.enterprises e SET
      uscc = coalesce(s.uscc, e.uscc),
      name = s.name,
      name_since = CASE WHEN e.name <> s.name THEN greatest(e.effective_on, $1::date) ELSE e.name_since END,
      former_names = CASE WHEN e.name <> s.name
        THEN e.former_names || jsonb_build_array(jsonb_build_object('name', e.name, 'from', e.name_since, 'until', greatest(e.effective_on, $1::date)))
        ELSE e.former_names END,
      legal_rep_name = s.legal_rep_name,
      legal_rep_id_enc = CASE WHEN e.legal_rep_id_hash IS DISTINCT FROM s.legal_rep_id_hash THEN s.legal_rep_id_enc ELSE e.legal_rep_id_enc END,
      legal_rep_id_hash = s.legal_rep_id_hash,
      legal_rep_id_masked = s.legal_rep_id_masked,
      legal_rep_phone = s.legal_rep_phone,
      region_code = s.region_code, industry_code = s.industry_code, status = s.status, address = s.address, registered_on = s.registered_on,
      version = e.version + 1, effective_on = greatest(e.effective_on, $1::date), updated_at = now()
    FROM enterprise_stage s
    WHERE e.org_code = s.org_code
      AND (coalesce(s.uscc, e.uscc), s.name, s.legal_rep_name, s.legal_rep_id_hash, s.legal_rep_phone, s.region_code, s.industry_code,
           s.status, s.address, s.registered_on)
          IS DISTINCT FROM
          (e.uscc, e.name, e.legal_rep_name, e.legal_rep_id_hash, e.legal_rep_phone, e.region_code, e.industry_code,
           e.status, e.address, e.registered_on)
    RETURNING 1
  ), ins AS (
    INSERT INTO enterprises.enterprises (uscc, org_code, name, name_since, legal_rep_name, legal_rep_id_enc, legal_rep_id_hash,
      legal_rep_id_masked, legal_rep_phone, region_code, industry_code, status, address, registered_on, effective_on)
    SELECT s.uscc, s.org_code, s.name, coalesce(s.registered_on, $1::date), s.legal_rep_name, s.legal_rep_id_enc, s.legal_rep_id_hash,
      s.legal_rep_id_masked, s.legal_rep_phone, s.region_code, s.industry_code, s.status, s.address, s.registered_on, $1::date
      FROM enterprise_stage s
     WHERE NOT EXISTS (SELECT 1 FROM enterprises.enterprises e WHERE e.org_code = s.org_code)
    /*ON CONFLICT*/
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM upd)::int AS updated, (SELECT count(*) FROM ins)::int AS inserted`;

/**
 * The same upsert with ON CONFLICT DO NOTHING on the insert: for the rare batch that races a registration of the
 * same enterprise (a unique violation on the plain form). Speculative insertion costs an extra probe of every
 * unique index per row, so the plain form is tried first.
 */
export const UPSERT_FROM_STAGE_ON_CONFLICT = UPSERT_FROM_STAGE.replace('/*ON CONFLICT*/', 'ON CONFLICT DO NOTHING');

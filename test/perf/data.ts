import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { orgCheckChar, seededRandom, USCC_ALPHABET, usccCheckChar } from '#qcr/identifiers';
import { defined } from '../helpers/defined.js';
import { tableExists } from './database.js';

/**
 * The bench data set, written with COPY straight into the context tables (schemas from the
 * migrations). Codes are valid GB 32100 / GB 11714 codes derived from the row number, so they
 * are unique without a lookup, and deterministic per seed. Ids are random (v4, randomUUID) UUIDs, unlike production's
 * time-ordered uuidv7 (the column default), so the bench's primary keys see scattered inserts — the worse case.
 */
export interface DataShape {
  creditRecordsPerEnterprise: number;
  listedShare: number;
}

export interface LoadedCounts {
  enterprises: number;
  creditRecords: number;
  listings: number;
  seconds: number;
}

const CHUNK = 50_000;
const SURNAMES = '华中国东南西北新大长安永泰恒瑞鑫源盛兴隆昌宏达通远海天金银鼎丰和顺福祥嘉利宝晨星光明';
const TRADES = ['电子', '机械', '食品', '化工', '纺织', '建材', '医药', '汽车配件', '塑料', '五金', '家具', '包装', '光电', '新材料', '农业'];
const FORMS = ['有限公司', '股份有限公司', '有限责任公司', '集团有限公司'];

/** Base-31 over the USCC alphabet, so the org code also embeds in a USCC. */
function orgCodeFor(n: number): string {
  let body = '';
  for (let i = 0; i < 8; i++) {
    body = USCC_ALPHABET[n % 31] + body;
    n = Math.floor(n / 31);
  }
  return body + orgCheckChar(body);
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

function plusMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return isoDate(d);
}

async function copyRows(client: pg.PoolClient, sql: string, lines: string[]): Promise<void> {
  if (lines.length === 0) return;
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < lines.length; i += 2000) yield lines.slice(i, i + 2000).join('');
    })(),
  );
  await pipeline(source, client.query(copyStreams.from(sql)));
}

export class BenchDataGenerator {
  private regions: string[] = [];
  private industries: string[] = [];
  private categories: Array<{ code: string; severity: string; polarity: string; months: number }> = [];
  private listTypes: string[] = [];
  private next = 0;
  private readonly codeOffset: number;
  private readonly rand: () => number;

  constructor(
    private readonly pool: pg.Pool,
    private readonly shape: DataShape,
    seed = 20240601,
  ) {
    this.rand = seededRandom(seed);
    // Away from zero so generated codes do not look like test vectors; the demo seed's random codes
    // could collide only with odds of about 1e-6 per run.
    this.codeOffset = 31 ** 7 + Math.floor(this.rand() * 31 ** 7);
  }

  /** Which of the context tables exist in this build (contexts still being built are skipped). */
  async available(): Promise<{ enterprises: boolean; credit: boolean; blacklist: boolean }> {
    return {
      enterprises: await tableExists(this.pool, 'enterprises.enterprises'),
      credit: await tableExists(this.pool, 'credit.records'),
      blacklist: await tableExists(this.pool, 'blacklist.listings'),
    };
  }

  private async loadReference(): Promise<void> {
    if (this.regions.length > 0) return;
    const has = await this.available();
    this.regions = (await this.pool.query<{ code: string }>(`SELECT code FROM enterprises.divisions WHERE level <> 'province' ORDER BY code`)).rows.map(
      (r) => r.code,
    );
    if (this.regions.length === 0)
      this.regions = (await this.pool.query<{ code: string }>(`SELECT code FROM enterprises.divisions ORDER BY code`)).rows.map((r) => r.code);
    this.industries = (await this.pool.query<{ code: string }>(`SELECT code FROM enterprises.industries ORDER BY code`)).rows.map((r) => r.code);
    if (has.credit) {
      this.categories = (
        await this.pool.query<{ code: string; severity: string; polarity: string; publication_months: number }>(
          `SELECT code, severity, polarity, publication_months FROM credit.categories WHERE active ORDER BY code`,
        )
      ).rows.map((r) => ({ code: r.code, severity: r.severity, polarity: r.polarity, months: r.publication_months }));
    }
    if (has.blacklist)
      this.listTypes = (await this.pool.query<{ code: string }>(`SELECT code FROM blacklist.list_types ORDER BY code`)).rows.map((r) => r.code);
  }

  private pick<T>(xs: readonly T[]): T {
    return defined(xs[Math.floor(this.rand() * xs.length) % xs.length], 'a value to pick (the reference list is empty)');
  }

  private dateWithinYears(years: number): string {
    return isoDate(new Date(Date.now() - Math.floor(this.rand() * years * 365) * 86_400_000));
  }

  /** Grows the data set to `total` enterprises (with their records and listings). */
  async growTo(total: number, progress: (done: number) => void = () => {}): Promise<LoadedCounts> {
    const started = Date.now();
    await this.loadReference();
    const has = await this.available();
    const counts: LoadedCounts = { enterprises: 0, creditRecords: 0, listings: 0, seconds: 0 };
    const client = await this.pool.connect();
    try {
      while (this.next < total) {
        const n = Math.min(CHUNK, total - this.next);
        const ent: string[] = [];
        const rec: string[] = [];
        const lst: string[] = [];
        for (let i = 0; i < n; i++) {
          const row = this.next + i;
          const id = randomUUID();
          const org = orgCodeFor(this.codeOffset + row);
          const region = this.pick(this.regions);
          const uscc =
            this.rand() < 0.9
              ? (() => {
                  const b = `91${region}${org}`;
                  return b + usccCheckChar(b);
                })()
              : null;
          const name = `${this.pick([...SURNAMES])}${this.pick([...SURNAMES])}${this.pick([...SURNAMES])}${this.pick(TRADES)}${row}${this.pick(FORMS)}`;
          const registered = this.dateWithinYears(20);
          ent.push(`${id}\t${uscc ?? '\\N'}\t${org}\t${name}\t${region}\t${this.pick(this.industries)}\tactive\t${registered}\t${registered}\n`);
          if (has.credit && this.categories.length > 0) {
            const k = Math.floor(this.rand() * (2 * this.shape.creditRecordsPerEnterprise + 1));
            for (let j = 0; j < k; j++) {
              const c = this.pick(this.categories);
              const occurred = this.dateWithinYears(4);
              rec.push(
                `${randomUUID()}\t${id}\t${c.code}\t${c.severity}\t${c.polarity}\t${occurred}\t${plusMonths(occurred, c.months)}\t` +
                  `BENCH-${row}-${j}\t市场监督管理局\t《产品质量法》\timport\tbench\n`,
              );
            }
          }
          if (has.blacklist && this.listTypes.length > 0 && this.rand() < this.shape.listedShare) {
            const start = this.dateWithinYears(2);
            const penalty = plusMonths(start, -2);
            lst.push(
              `${id}\t${name}\t${uscc ?? '\\N'}\t${org}\t${this.pick(this.listTypes)}\tlisted\t生产销售不合格产品，情节严重\t` +
                `《市场监督管理严重违法失信名单管理办法》第二条\t市监罚〔${row}〕号\t${penalty}\t市场监督管理局\tbench-officer\t` +
                `bench officer\t${plusMonths(start, -1)}\t${plusMonths(start, -1)}\t市监失信〔${row}〕号\t市场监督管理局\t${start}\t` +
                `${plusMonths(start, 36)}\tbench-reviewer\tbench reviewer\t${start}T02:00:00Z\n`,
            );
          }
        }
        await client.query('BEGIN');
        await copyRows(
          client,
          `COPY enterprises.enterprises (id, uscc, org_code, name, region_code, industry_code, status, registered_on, effective_on) FROM STDIN`,
          ent,
        );
        await copyRows(
          client,
          `COPY credit.records (id, enterprise_id, category_code, severity, polarity, occurred_on, publish_until, document_number, issuing_department, legal_basis, source, created_by) FROM STDIN`,
          rec,
        );
        await copyRows(
          client,
          `COPY blacklist.listings (enterprise_id, enterprise_name, enterprise_uscc, enterprise_org_code, list_type, status, reason, legal_basis,
             penalty_document_number, penalty_decided_on, penalty_authority, proposed_by, proposed_by_name, notice_date, statement_deadline,
             decision_number, deciding_authority, start_date, planned_end_date, decided_by, decided_by_name, decided_at) FROM STDIN`,
          lst,
        );
        await client.query('COMMIT');
        this.next += n;
        counts.enterprises += n;
        counts.creditRecords += rec.length;
        counts.listings += lst.length;
        progress(this.next);
      }
      await client.query('ANALYZE');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
    counts.seconds = (Date.now() - started) / 1000;
    return counts;
  }

  /** Rows for the import scenario: new enterprises (fresh codes, never inserted here) as CSV fields. */
  async importRows(n: number): Promise<string[][]> {
    await this.loadReference();
    const rows: string[][] = [];
    const first = this.next + 1_000_000_000; // far past anything growTo will reach
    for (let i = 0; i < n; i++) {
      const org = orgCodeFor(this.codeOffset + first + i);
      const region = this.pick(this.regions);
      const body = `91${region}${org}`;
      const name = `${this.pick([...SURNAMES])}${this.pick([...SURNAMES])}${this.pick(TRADES)}导入${i}${this.pick(FORMS)}`;
      rows.push([body + usccCheckChar(body), org, name, region, this.pick(this.industries), this.dateWithinYears(20), 'active']);
    }
    return rows;
  }

  /** Codes as a caller would send them: USCC where the enterprise has one, else the org code. */
  async sampleCodes(n: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ code: string }>(
      `SELECT coalesce(uscc, org_code) AS code FROM enterprises.enterprises ORDER BY random() LIMIT $1`,
      [n],
    );
    return rows.map((r) => r.code);
  }

  /** Name fragments for the public name search (a trade word and the row number's prefix). */
  async sampleNameQueries(n: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ name: string }>(`SELECT name FROM enterprises.enterprises ORDER BY random() LIMIT $1`, [n]);
    return rows.map((r) => r.name.slice(0, 4));
  }
}

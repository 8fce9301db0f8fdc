import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface RetiredDivision {
  validUntil: string;
  successorCode: string | null;
}

export interface ReferenceSnapshot {
  divisions: Map<string, string>;
  /** GB/T 2260 codes no longer in force (撤销), still valid for records and USCCs issued under them. */
  retired: Map<string, RetiredDivision>;
  /** Every GB/T 4754 code loaded (section C, division C13, group C131, class C1311); en may be missing below section. */
  industries: Map<string, { zh: string; en: string | null }>;
  /** GB/T 4754-2011 code → the 2017 code(s) it became (one: 1:1; several: the registrar chooses). */
  correspondence2011: Map<string, string[]>;
}

/** Division and industry names, loaded once per process; `cli reference update` and the demo seed invalidate it. */
@Injectable()
export class ReferenceCache {
  private loaded?: Promise<ReferenceSnapshot>;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  get(): Promise<ReferenceSnapshot> {
    this.loaded ??= this.load().catch((err) => {
      this.loaded = undefined;
      throw err;
    });
    return this.loaded;
  }

  invalidate(): void {
    this.loaded = undefined;
  }

  private async load(): Promise<ReferenceSnapshot> {
    const divisions: { code: string; name: string; validUntil: string | null; successorCode: string | null }[] = await this.db.query(
      `SELECT code, name, to_char(valid_until, 'YYYY-MM-DD') AS "validUntil", successor_code AS "successorCode" FROM enterprises.divisions`,
    );
    const industries: { code: string; zh: string; en: string | null }[] = await this.db.query(
      `SELECT code, name_zh AS zh, name_en AS en FROM enterprises.industries`,
    );
    const pairs: { from: string; to: string }[] = await this.db.query(
      `SELECT from_code AS "from", to_code AS "to" FROM enterprises.industry_correspondence ORDER BY from_code, to_code`,
    );
    const correspondence2011 = new Map<string, string[]>();
    for (const p of pairs) correspondence2011.set(p.from, [...(correspondence2011.get(p.from) ?? []), p.to]);
    return {
      correspondence2011,
      divisions: new Map(divisions.map((d) => [d.code, d.name])),
      retired: new Map(divisions.filter((d) => d.validUntil).map((d) => [d.code, { validUntil: d.validUntil!, successorCode: d.successorCode }])),
      industries: new Map(industries.map((i) => [i.code, { zh: i.zh, en: i.en }])),
    };
  }
}

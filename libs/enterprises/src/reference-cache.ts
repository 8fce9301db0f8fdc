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
    return {
      divisions: new Map(divisions.map((d) => [d.code, d.name])),
      retired: new Map(divisions.filter((d) => d.validUntil).map((d) => [d.code, { validUntil: d.validUntil!, successorCode: d.successorCode }])),
      industries: new Map(industries.map((i) => [i.code, { zh: i.zh, en: i.en }])),
    };
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface ReferenceSnapshot {
  divisions: Map<string, string>;
  industries: Map<string, { zh: string; en: string }>;
}

/** Division and industry names, loaded once per process (reference data changes only with a seed upgrade). */
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
    const divisions: { code: string; name: string }[] = await this.db.query(`SELECT code, name FROM enterprises.divisions`);
    const industries: { code: string; zh: string; en: string }[] = await this.db.query(
      `SELECT code, name_zh AS zh, name_en AS en FROM enterprises.industries`,
    );
    return {
      divisions: new Map(divisions.map((d) => [d.code, d.name])),
      industries: new Map(industries.map((i) => [i.code, { zh: i.zh, en: i.en }])),
    };
  }
}

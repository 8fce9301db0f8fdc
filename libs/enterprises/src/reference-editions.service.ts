import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, inTransaction, querySingle } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { ReferenceCache } from './reference-cache.js';
import { type ReferenceChange, type ReferenceDocument, upsertCorrespondence, upsertDivisions, upsertIndustries } from './reference-data.js';

export interface EditionLoaded extends ReferenceChange {
  id: number;
  standard: 'gbt2260' | 'gbt4754';
  edition: string;
  rows: number;
}

const DIVISION_CODE = /^\d{6}$/;
const INDUSTRY_CODE = /^[A-T](\d{2}(\d{1,2})?)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** What is wrong with a reference document, one line per row (empty when loadable). */
export function referenceDocumentProblems(doc: ReferenceDocument): string[] {
  const problems: string[] = [];
  if (!doc.edition) problems.push('edition: required (e.g. "MCA 2024")');
  if (!!doc.divisions === !!(doc.industries ?? doc.correspondence)) {
    problems.push('exactly one of divisions[] (GB/T 2260) or industries[] (GB/T 4754) is required');
  }
  if (doc.divisions && doc.correspondence) problems.push('correspondence[] (GB/T 4754-2011 → 2017) goes with industries[], not divisions[]');
  for (const [i, m] of (doc.correspondence ?? []).entries()) {
    if (!INDUSTRY_CODE.test(m.from ?? ''))
      problems.push(`correspondence[${i}].from: a GB/T 4754-2011 code such as I6510 expected, given ${JSON.stringify(m.from)}`);
    if (!Array.isArray(m.to) || !m.to.length || m.to.some((c) => !INDUSTRY_CODE.test(c ?? ''))) {
      problems.push(`correspondence[${i}].to: one or more GB/T 4754-2017 codes expected`);
    }
  }
  for (const [i, d] of (doc.divisions ?? []).entries()) {
    if (!DIVISION_CODE.test(d.code ?? '')) problems.push(`divisions[${i}].code: six digits expected, given ${JSON.stringify(d.code)}`);
    if (!d.name) problems.push(`divisions[${i}].name: required`);
    if (!['province', 'prefecture', 'county'].includes(d.level)) problems.push(`divisions[${i}].level: province, prefecture or county`);
    for (const k of ['validFrom', 'validUntil'] as const) if (d[k] && !DATE.test(d[k])) problems.push(`divisions[${i}].${k}: YYYY-MM-DD`);
    if (d.successorCode && !d.validUntil) problems.push(`divisions[${i}]: a successorCode needs validUntil`);
  }
  for (const [i, d] of (doc.industries ?? []).entries()) {
    if (!INDUSTRY_CODE.test(d.code ?? '')) problems.push(`industries[${i}].code: C, C13, C131 or C1311 expected, given ${JSON.stringify(d.code)}`);
    if (!d.nameZh) problems.push(`industries[${i}].nameZh: required`);
  }
  return problems;
}

/**
 * `cli reference update <file>`: loads a newer edition of GB/T 2260 or GB/T 4754 as one versioned change
 * (a row in enterprises.reference_editions, the edition on every row it touched) and one audit entry, in one
 * transaction. Rows are upserted, never deleted: enterprises keep codes a later edition retired.
 */
@Injectable()
export class ReferenceEditions {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly cache: ReferenceCache,
  ) {}

  async load(actor: Actor, doc: ReferenceDocument, fileName: string | null): Promise<EditionLoaded> {
    const problems = referenceDocumentProblems(doc);
    if (problems.length) throw new Error(`not a loadable reference edition:\n  ${problems.slice(0, 20).join('\n  ')}`);
    const standard = doc.divisions ? 'gbt2260' : 'gbt4754';
    const edition = doc.edition!;
    const rows = (doc.divisions ?? doc.industries ?? []).length + (doc.correspondence ?? []).length;
    const loaded = await inTransaction(this.db, async (em) => {
      const change = doc.divisions ? await upsertDivisions(em, doc.divisions, edition) : await upsertIndustries(em, doc.industries ?? [], edition);
      if (doc.correspondence) {
        // Targets must be 2017 codes loaded by now (this file or earlier); the foreign key would refuse them too.
        const targets = [...new Set(doc.correspondence.flatMap((m) => m.to))];
        const missing: { code: string }[] = await em.query(
          `SELECT t AS code FROM unnest($1::text[]) t WHERE NOT EXISTS (SELECT 1 FROM enterprises.industries i WHERE i.code = t)`,
          [targets],
        );
        if (missing.length)
          throw new Error(`not a loadable reference edition:\n  correspondence targets not in GB/T 4754-2017: ${missing.map((m) => m.code).join(', ')}`);
        change.added += (await upsertCorrespondence(em, doc.correspondence, edition)).added;
      }
      const { id } = await querySingle<{ id: number }>(
        em,
        `INSERT INTO enterprises.reference_editions (standard, edition, source, file_name, added, changed, retired, loaded_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
        [standard, edition, doc.source ?? null, fileName, change.added, change.changed, change.retired, actor.id],
      );
      const result: EditionLoaded = { id, standard, edition, rows, ...change };
      await this.audit.record(em, actor, {
        action: 'reference.edition-loaded',
        entityType: 'reference-edition',
        entityId: String(id),
        after: result,
        reason: doc.source ?? null,
      });
      return result;
    });
    this.cache.invalidate();
    return loaded;
  }
}

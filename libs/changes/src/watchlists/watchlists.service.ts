import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { parseEnterpriseCode } from '#qcr/identifiers';
import { type Actor, CommonProblems, inTransaction, isPgError, PG, problem } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { ChangeProblems } from '../changes.problems.js';
import { MAX_WATCHED_CODES } from './watchlists.dto.js';
import { type WatchlistRow, WatchlistsRepository } from './watchlists.repository.js';

export interface WatchlistUpload {
  purpose: string;
  codes: string[];
}

export interface WatchlistDiff {
  watchlist: WatchlistRow;
  created: boolean;
  added: number;
  removed: number;
}

/** At most this many invalid codes are named back (the count is exact). */
const INVALID_SHOWN = 100;

/**
 * Watchlists (issue 20): an agency's enterprises of interest for one purpose. A PUT replaces the list and answers the
 * difference; invalid codes are counted and named (first 100), not stored; codes no enterprise carries yet are kept
 * (it may be registered later) and counted as unknown. Matched by organisation code, which a USCC embeds (GB 32100).
 */
@Injectable()
export class WatchlistsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: WatchlistsRepository,
    private readonly audit: AuditLog,
  ) {}

  list(actor: Actor, agency?: string): Promise<WatchlistRow[]> {
    return this.repo.list(agencyOf(actor, agency));
  }

  async get(actor: Actor, name: string, agency?: string): Promise<WatchlistRow> {
    const row = await this.repo.find(null, agencyOf(actor, agency), name);
    if (!row) throw problem(ChangeProblems.watchlistNotFound, `no watchlist ${name}`);
    return row;
  }

  async put(actor: Actor, name: string, upload: WatchlistUpload, agency?: string): Promise<WatchlistDiff> {
    const agencyId = agencyOf(actor, agency);
    if (actor.kind === 'partner' && !actor.purposes?.includes(upload.purpose)) {
      throw problem(ChangeProblems.purposeNotAllowed, `purpose ${upload.purpose} is not one of your agency's`, [
        { field: 'purpose', rule: 'agencyPurpose', message: 'use a purpose your agency may check for' },
      ]);
    }
    if (upload.codes.length > MAX_WATCHED_CODES) {
      throw problem(ChangeProblems.watchlistTooLarge, `${upload.codes.length} codes; at most ${MAX_WATCHED_CODES} per watchlist`);
    }
    const codes: string[] = [];
    const orgCodes: string[] = [];
    const invalidCodes: { code: string; rule: string }[] = [];
    let invalid = 0;
    for (const raw of upload.codes) {
      const parsed = parseEnterpriseCode(raw);
      if (!parsed.ok) {
        if (invalid++ < INVALID_SHOWN) invalidCodes.push({ code: raw, rule: parsed.rule });
        continue;
      }
      codes.push(parsed.uscc ?? parsed.orgCode);
      orgCodes.push(parsed.orgCode);
    }
    if (codes.length === 0 && invalid === 0) throw problem(ChangeProblems.watchlistEmpty, 'the list names no code');
    return inTransaction(this.db, async (em) => {
      const { row: before, created } = await this.repo.lockOrCreate(em, agencyId, name, upload.purpose);
      const diff = await this.repo.replaceCodes(em, before.id, codes, orgCodes);
      const counts = { codes: before.codes + diff.added - diff.removed, unknown: diff.unknown, invalid, invalidCodes };
      await this.repo.saveCounts(em, before.id, upload.purpose, counts);
      const after = (await this.repo.find(em, agencyId, name))!;
      await this.audit.record(em, actor, {
        action: created ? 'watchlist.created' : 'watchlist.replaced',
        entityType: 'watchlist',
        entityId: before.id,
        before: created ? null : summary(before),
        after: { ...summary(after), added: diff.added, removed: diff.removed },
      });
      return { watchlist: after, created, added: diff.added, removed: diff.removed };
    }).catch((err) => {
      if (isPgError(err, PG.foreignKeyViolation))
        throw problem(CommonProblems.notFound, `no agency ${agencyId}`, [{ field: 'agency', rule: 'exists', message: 'no such agency' }]);
      throw err;
    });
  }

  async remove(actor: Actor, name: string, agency?: string): Promise<void> {
    const agencyId = agencyOf(actor, agency);
    await inTransaction(this.db, async (em) => {
      const row = await this.repo.find(em, agencyId, name, true);
      if (!row) throw problem(ChangeProblems.watchlistNotFound, `no watchlist ${name}`);
      await this.repo.delete(em, row.id);
      await this.audit.record(em, actor, { action: 'watchlist.deleted', entityType: 'watchlist', entityId: row.id, before: summary(row), after: null });
    });
  }
}

/** A partner key always means its own agency; staff (agency.manage) name the agency. */
export function agencyOf(actor: Actor, agency?: string): string {
  if (actor.kind === 'partner') return actor.agencyId!;
  if (!agency)
    throw problem(ChangeProblems.agencyRequired, 'name the agency', [{ field: 'agency', rule: 'required', message: 'agency is required for staff' }]);
  return agency;
}

const summary = (w: WatchlistRow) => ({ agencyId: w.agencyId, name: w.name, purpose: w.purpose, codes: w.codes, unknown: w.unknown, invalid: w.invalid });

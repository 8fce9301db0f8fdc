import { Injectable } from '@nestjs/common';
import { CHECK_PURPOSES, type Measure, MeasuresService } from '#qcr/joint-measures';
import { DomainEvents, querySingle, todayInChina, withCarried } from '#qcr/platform';
import type { EntityManager } from 'typeorm';
import type { Grade } from '#qcr/grading';
import { type Answer, type AnswerChange, answerChange, NOT_REGISTERED, type Verdicts, verdictCombos, verdictsFor, verdictTable } from './answer.js';
import { DIFF_AND_WRITE, FACTS_AND_SNAPSHOT, MOVED_BY_CATALOGUE, WRITE_CHANGES } from './answers.sql.js';
import { ChangeSequencer } from './change-sequencer.js';

/** What moved an answer: the feed's `cause` (docs/changes.md). */
export type ChangeCause = 'listing' | 'grade' | 'enterprise' | 'catalogue';

/**
 * Taken shared by every writer (they do not wait for each other) and exclusively by a catalogue change: a catalogue
 * change re-diffs every answer against the new verdict table, so no writer may diff against the old catalogue
 * meanwhile (it would record verdicts the catalogue change never sees). Cursor order needs no lock here any more:
 * the sequencer assigns cursors after commit (change-sequencer.ts).
 */
const OUTBOX_LOCK = 7_305_101;

/**
 * What a writer takes before it diffs, as an SQL expression over a uuid[] expression: the outbox lock shared, then the
 * snapshot rows of the enterprises in id order (changes.lock_answers). A publisher may take it in a statement of its
 * own through DomainEvents (OutboxSubscriber registers it): a decision takes it in its locked read (issue 21).
 */
export const ANSWERS_LOCK = { key: 'changes.answers', sql: (ids: string) => `changes.lock_answers(${OUTBOX_LOCK}, ${ids})` };
/** Rows per statement when a regrade run or a catalogue change moves many answers at once. */
const WRITE_BATCH = 5_000;

export interface FactsRow {
  /** the active catalogue, on the first row only (FACTS_AND_SNAPSHOT) */
  catalogue?: Measure[] | null;
  enterprise_id: string;
  registered: boolean;
  uscc: string | null;
  org_code: string;
  name: string;
  status: string;
  grade: Grade | null;
  listed: boolean;
  known: boolean;
  a_name: string | null;
  a_status: string | null;
  a_grade: Grade | null;
  a_listed: boolean | null;
  a_verdicts: Verdicts | null;
}

export interface RecordOptions {
  /** the publisher's own statement took ANSWERS_LOCK for every id in this transaction */
  locked?: boolean;
  /** the facts read (factsJsonSql), carried by a statement sent after the lock and the change */
  facts?: FactsRow[];
  /**
   * the change comes from batch work (a regrade run's chunk, an import batch), not one enterprise's change: its events
   * and deliveries are marked bulk, and the webhook dispatcher paces them while requests run (docs/changes.md)
   */
  bulk?: boolean;
}

/**
 * The outbox (issue 20): in the transaction of every change that can alter a check's answer, diff each touched
 * enterprise's answer today against the one recorded in `changes.answers`, and write one `changes.events` row per
 * enterprise whose answer moved (none when nothing moved). Verdicts come from the checks' own rule over the catalogue
 * as this transaction sees it.
 */
@Injectable()
export class ChangeOutbox {
  constructor(
    private readonly measures: MeasuresService,
    private readonly sequencer: ChangeSequencer,
    private readonly events: DomainEvents,
  ) {}

  /**
   * Diffs the given enterprises (an id twice is diffed once). Returns the events written. The snapshot rows are locked
   * (in id order: two writers never deadlock here) before the facts are read, so a second writer on the same
   * enterprise waits for the first to commit and then diffs against what the first recorded, reading facts that
   * include the first's change (READ COMMITTED: the next statement's snapshot is taken after the wait; a publisher that
   * took the lock itself did so in an earlier statement, so the same holds). A record
   * without a snapshot row is one registered in this very transaction: nobody else can see it before it commits.
   */
  async recordEnterprises(em: EntityManager, enterpriseIds: readonly string[], cause: ChangeCause, opts: RecordOptions = {}): Promise<number> {
    if (enterpriseIds.length === 0) return 0;
    // `locked`: the publisher's own statement took ANSWERS_LOCK in this transaction, before this diff's reads
    if (!opts.locked) await em.query(`SELECT ${ANSWERS_LOCK.sql('$1::uuid[]')}`, [enterpriseIds]);
    const today = todayInChina();
    if (enterpriseIds.length > 1 && !opts.facts) return this.recordSetWise(em, enterpriseIds, cause, today, opts.bulk ?? false);
    // the facts and the catalogue in one round trip, after the lock (issue 21) — or carried by an earlier statement
    const rows: FactsRow[] = opts.facts ?? (await em.query(FACTS_AND_SNAPSHOT, [enterpriseIds, today]));
    const table = verdictTable(rows[0]?.catalogue ?? []);
    const changes: AnswerChange[] = [];
    const answers: Answer[] = [];
    for (const r of rows) {
      if (!r.registered) continue; // records are never deleted; an id that names nothing answers nothing
      const after: Answer = {
        enterpriseId: r.enterprise_id,
        uscc: r.uscc,
        orgCode: r.org_code,
        name: r.name,
        status: r.status,
        grade: r.grade,
        listed: r.listed,
        verdicts: verdictsFor(table, r),
      };
      const before: Answer | null = r.known
        ? { ...after, name: r.a_name!, status: r.a_status!, grade: r.a_grade, listed: r.a_listed!, verdicts: r.a_verdicts! }
        : null;
      const change = answerChange(before, after);
      if (change) {
        changes.push(change);
        answers.push(after);
      }
    }
    return this.write(em, changes, answers, cause, today, opts.bulk ?? false);
  }

  /**
   * A batch (an import's slice, a regrade chunk): the diff and its writes in one statement, decided by PostgreSQL on the
   * writer's backend (DIFF_AND_WRITE: why). Only the verdict table is computed here, by the checks' own rule.
   */
  private async recordSetWise(em: EntityManager, enterpriseIds: readonly string[], cause: ChangeCause, today: string, bulk: boolean): Promise<number> {
    const combos = verdictCombos(verdictTable(await this.measures.activeCatalogue(em)));
    const { sql, params } = withCarried(
      {
        ...DIFF_AND_WRITE,
        params: [enterpriseIds, today, JSON.stringify(combos), CHECK_PURPOSES, JSON.stringify(NOT_REGISTERED), cause, bulk],
      },
      this.events.takeWrites(em),
    );
    const { events } = await querySingle<{ events: number }>(em, sql, params);
    if (events > 0) this.sequencer.wrote(em);
    return events;
  }

  /** A catalogue change: only the (grade, listed) combinations whose verdicts moved are read, set-wise. Bulk: it may move every answer. */
  async recordCatalogue(em: EntityManager): Promise<number> {
    // exclusive: waits for the writers diffing now, and holds new ones back until this commits
    await em.query('SELECT pg_advisory_xact_lock($1)', [OUTBOX_LOCK]);
    const today = todayInChina();
    const table = verdictTable(await this.measures.activeCatalogue(em));
    const combos = verdictCombos(table);
    const rows: Omit<FactsRow, 'registered' | 'known' | 'a_name' | 'a_status' | 'a_grade' | 'a_listed'>[] = await em.query(MOVED_BY_CATALOGUE, [
      JSON.stringify(combos),
    ]);
    const changes: AnswerChange[] = [];
    const answers: Answer[] = [];
    for (const r of rows) {
      const before: Answer = {
        enterpriseId: r.enterprise_id,
        uscc: r.uscc,
        orgCode: r.org_code,
        name: r.name,
        status: r.status,
        grade: r.grade,
        listed: r.listed,
        verdicts: r.a_verdicts!,
      };
      const after: Answer = { ...before, verdicts: verdictsFor(table, r) };
      const change = answerChange(before, after);
      if (change) {
        changes.push(change);
        answers.push(after);
      }
    }
    return this.write(em, changes, answers, 'catalogue', today, true);
  }

  private async write(em: EntityManager, changes: AnswerChange[], answers: Answer[], cause: ChangeCause, today: string, bulk: boolean): Promise<number> {
    for (let i = 0; i < changes.length; i += WRITE_BATCH) {
      const events = changes.slice(i, i + WRITE_BATCH).map((c) => ({
        enterprise_id: c.enterpriseId,
        uscc: c.uscc,
        org_code: c.orgCode,
        purposes: c.purposes,
        verdicts: c.verdicts,
        before: c.before,
        after: c.after,
      }));
      const snapshot = answers.slice(i, i + WRITE_BATCH).map((a) => ({
        enterprise_id: a.enterpriseId,
        name: a.name,
        status: a.status,
        grade: a.grade,
        listed: a.listed,
        verdicts: a.verdicts,
      }));
      // the writes earlier handlers left to be carried (a decision's grade write, issue 21) ride on the first batch
      const { sql, params } = withCarried(
        { ...WRITE_CHANGES, params: [JSON.stringify(events), cause, today, JSON.stringify(snapshot), bulk] },
        i === 0 ? this.events.takeWrites(em) : [],
      );
      await em.query(sql, params);
    }
    if (changes.length > 0) this.sequencer.wrote(em);
    return changes.length;
  }
}

import type { EntityManager } from 'typeorm';
import type { Actor } from '../http/actor.js';
import { queryChanged, queryOne, queryRows, querySingle } from '../sql/typed-query.js';
import { isPgError, PG } from './transaction.js';

export const DECISION_STATUS_LABELS = {
  proposed: { zh: '待第二人审批', en: 'Awaiting a second reviewer' },
  approved: { zh: '已批准', en: 'Approved' },
  rejected: { zh: '未予批准', en: 'Turned down' },
} as const;

/** A change one person proposes and a second person decides (issue 13 §6: revocations). */
export interface PendingDecision {
  id: string;
  subjectId: string;
  status: keyof typeof DECISION_STATUS_LABELS;
  statusName: { zh: string; en: string };
  reason: string;
  proposedBy: string;
  proposedByName: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

/**
 * The SQL of a two-person decision table (`<schema>.revocation_proposals` in a context's migration): at most one open
 * proposal per subject (partial unique index), the decider never the proposer (CHECK). The contexts own the rules.
 */
export function twoPersonTableSql(table: string, subject: string, references: string): string[] {
  return [
    `CREATE TABLE ${table} (
      id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      ${subject}       uuid NOT NULL REFERENCES ${references}(id),
      status           text NOT NULL DEFAULT 'proposed' CHECK (status IN ('proposed', 'approved', 'rejected')),
      reason           text NOT NULL,
      proposed_by      text NOT NULL,
      proposed_by_name text NOT NULL,
      proposed_at      timestamptz NOT NULL DEFAULT now(),
      decided_by       text,
      decided_by_name  text,
      decided_at       timestamptz,
      decision_reason  text,
      CONSTRAINT two_person CHECK (status <> 'approved' OR decided_by <> proposed_by),
      CONSTRAINT decided_when_closed CHECK ((status = 'proposed') = (decided_at IS NULL))
    )`,
    `CREATE UNIQUE INDEX ON ${table} (${subject}) WHERE status = 'proposed'`,
  ];
}

export class TwoPersonDecisions {
  constructor(
    private readonly table: string,
    private readonly subject: string,
  ) {}

  private get columns() {
    return `id, ${this.subject} AS "subjectId", status, reason, proposed_by AS "proposedBy", proposed_by_name AS "proposedByName",
      proposed_at AS "proposedAt", decided_by AS "decidedBy", decided_by_name AS "decidedByName", decided_at AS "decidedAt",
      decision_reason AS "decisionReason"`;
  }

  /** null when a proposal for the subject is already open (the partial unique index decides, race-free). */
  async propose(em: EntityManager, actor: Actor, subjectId: string, reason: string): Promise<PendingDecision | null> {
    try {
      const row = await querySingle<DecisionRow>(
        em,
        `INSERT INTO ${this.table} (${this.subject}, reason, proposed_by, proposed_by_name) VALUES ($1, $2, $3, $4) RETURNING ${this.columns}`,
        [subjectId, reason, actor.id, actor.name],
      );
      return labelled(row);
    } catch (err) {
      if (isPgError(err, PG.uniqueViolation)) return null;
      throw err;
    }
  }

  /** The open proposal for a subject, locked for the decision. */
  async open(em: EntityManager, subjectId: string): Promise<PendingDecision | null> {
    const row = await queryOne<DecisionRow>(em, `SELECT ${this.columns} FROM ${this.table} WHERE ${this.subject} = $1 AND status = 'proposed' FOR UPDATE`, [
      subjectId,
    ]);
    return row ? labelled(row) : null;
  }

  async close(em: EntityManager, id: string, actor: Actor, status: 'approved' | 'rejected', reason: string | null): Promise<PendingDecision> {
    const {
      rows: [row],
    } = await queryChanged<DecisionRow>(
      em,
      `UPDATE ${this.table} SET status = $2, decided_by = $3, decided_by_name = $4, decided_at = now(), decision_reason = $5
        WHERE id = $1 AND status = 'proposed' RETURNING ${this.columns}`,
      [id, status, actor.id, actor.name, reason],
    );
    // Callers decide the proposal they locked with open(): it is still 'proposed' here.
    if (!row) throw new Error(`proposal ${id} in ${this.table} is not open`);
    return labelled(row);
  }

  async history(db: Pick<EntityManager, 'query'>, subjectId: string): Promise<PendingDecision[]> {
    const rows = await queryRows<DecisionRow>(db, `SELECT ${this.columns} FROM ${this.table} WHERE ${this.subject} = $1 ORDER BY proposed_at`, [subjectId]);
    return rows.map(labelled);
  }
}

/** What the table answers; the status label is added here. */
type DecisionRow = Omit<PendingDecision, 'statusName'>;

const labelled = (row: DecisionRow): PendingDecision => ({ ...row, statusName: DECISION_STATUS_LABELS[row.status] });

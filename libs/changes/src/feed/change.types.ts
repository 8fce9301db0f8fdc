import type { CheckPurpose, Verdict } from '#qcr/joint-measures';

/** One entry of the change feed as partners receive it (pull, stream and webhooks). */
export interface ChangeEvent {
  /** the feed position: resume with `since=<cursor>`; also the id to de-duplicate deliveries by */
  cursor: string;
  enterpriseId: string;
  uscc: string | null;
  orgCode: string;
  cause: 'listing' | 'grade' | 'enterprise' | 'catalogue';
  effectiveOn: string;
  recordedAt: string;
  /** the verdict of each purpose that moved (a partner sees only its agency's purposes) */
  verdicts: Partial<Record<CheckPurpose, { before: Verdict; after: Verdict }>>;
  /** the other fields of the answer that moved (name, status, grade, listed); `before` null: newly registered */
  before: Record<string, unknown> | null;
  after: Record<string, unknown>;
}

export interface ChangePage {
  events: ChangeEvent[];
  /** pass as `since` for the next page (the last cursor returned, or `since` when nothing came) */
  next: string;
  hasMore: boolean;
}

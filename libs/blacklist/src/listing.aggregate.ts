import { type IsoDate, problem, todayInChina } from '#qcr/platform';
import { BlacklistProblems } from './blacklist.problems.js';
import {
  consentedStartDate,
  decisionAllowedFrom,
  effectiveStatus,
  type ListingAction,
  type ListingStatus,
  mayDecideOn,
  nextStatus,
  plannedEndDate,
  statementDeadline,
  TRANSITIONS,
} from './listing-rules.js';
import type { ListingRow } from './listing-rows.js';

/**
 * The listing lifecycle of DOMAIN.md §7 (SAMR Order 44) as a pure aggregate (issue 23): each command takes the listing as
 * read and the facts of the step, refuses an illegal transition with the context's problem codes, and returns the step —
 * the typed columns it changes and the history/audit event it writes. It reads and writes nothing; the repository
 * persists exactly what it returns (ListingTransitions), guarded by `status = ANY(from)` against a concurrent step.
 */

/** The columns a lifecycle step may change: nothing else of a listing is writable after its proposal. */
export type ListingPatch = Partial<
  Pick<
    ListingRow,
    | 'notice_date'
    | 'statement_deadline'
    | 'notified_by'
    | 'notified_at'
    | 'statement_waived'
    | 'decision_number'
    | 'deciding_authority'
    | 'deciding_authority_id'
    | 'consent_authority_id'
    | 'requested_start_date'
    | 'start_date'
    | 'planned_end_date'
    | 'decided_by'
    | 'decided_by_name'
    | 'decided_at'
    | 'consent_date'
    | 'consented_by'
    | 'consented_by_name'
    | 'consented_at'
    | 'drop_reason'
    | 'dropped_by'
    | 'dropped_at'
    | 'ended_on'
    | 'end_kind'
    | 'end_reason'
    | 'ended_by'
    | 'ended_at'
  >
>;

/** What the step records in the listing's history and the audit log. */
export interface ListingStepEvent {
  action: ListingAction;
  fromStatus: ListingStatus;
  toStatus: ListingStatus;
  details: Record<string, unknown>;
  reason: string | null;
}

export interface ListingStep {
  action: ListingAction;
  /** the statuses the guarded UPDATE accepts (TRANSITIONS) */
  from: readonly ListingStatus[];
  to: ListingStatus;
  patch: ListingPatch;
  event: ListingStepEvent;
}

/** The facts of the listing a step reads. */
export type ListingState = Pick<
  ListingRow,
  | 'id'
  | 'status'
  | 'proposed_by'
  | 'proposed_at'
  | 'notice_date'
  | 'statement_deadline'
  | 'statement_waived'
  | 'type_duration_years'
  | 'type_statement_days'
  | 'start_date'
  | 'planned_end_date'
  | 'ended_on'
  | 'requested_start_date'
  | 'decided_by'
  | 'decision_number'
  | 'deciding_authority'
>;

export interface StepActor {
  id: string;
  name: string;
}

/**
 * The one gate of every command: the action must lead somewhere from the status as read on `today` (a listing past its
 * planned end reads `expired` before the daily job records it, so it can no longer be repaired or revoked).
 */
function step(
  l: ListingState,
  action: ListingAction,
  today: IsoDate,
  patch: ListingPatch,
  details: Record<string, unknown>,
  reason: string | null = null,
): ListingStep {
  const status = effectiveStatus(l.status, l.planned_end_date, today);
  // expiry is the one step that starts from `listed` once the end has come (it records what reads already say)
  const from = action === 'expire' ? l.status : status;
  const to = nextStatus(from, action);
  if (to === null) throw problem(BlacklistProblems.invalidState, `listing ${l.id} is ${status}; ${action} needs ${TRANSITIONS[action].from.join(' or ')}`);
  return { action, from: TRANSITIONS[action].from, to, patch, event: { action, fromStatus: l.status, toStatus: to, details, reason } };
}

/** 告知: the statement period runs from the notice (the period the listing was proposed under, issue 16). */
export function notify(l: ListingState, f: { by: StepActor; today: IsoDate; at: Date; noticeDate?: IsoDate; statementDays?: number }): ListingStep {
  const noticeDate = f.noticeDate ?? f.today;
  if (noticeDate > f.today) throw problem(BlacklistProblems.invalidDate, 'noticeDate lies in the future');
  if (noticeDate < todayInChina(l.proposed_at)) throw problem(BlacklistProblems.invalidDate, 'noticeDate precedes the proposal');
  const days = f.statementDays ?? l.type_statement_days;
  const deadline = statementDeadline(noticeDate, days);
  return step(
    l,
    'notify',
    f.today,
    { notice_date: noticeDate, statement_deadline: deadline, notified_by: f.by.id, notified_at: f.at },
    { noticeDate, statementDays: days, statementDeadline: deadline },
  );
}

/** 陈述、申辩、听证申请, or the enterprise's waiver (which opens the decision at once). */
export function recordStatement(
  l: ListingState,
  f: { today: IsoDate; kind: 'statement' | 'hearing_request' | 'waiver'; receivedOn?: IsoDate; summary: string },
): ListingStep {
  const receivedOn = f.receivedOn ?? f.today;
  if (receivedOn > f.today) throw problem(BlacklistProblems.invalidDate, 'receivedOn lies in the future');
  if (l.notice_date && receivedOn < l.notice_date) throw problem(BlacklistProblems.invalidDate, 'receivedOn precedes the notice');
  return step(l, 'record_statement', f.today, f.kind === 'waiver' ? { statement_waived: true } : {}, { kind: f.kind, receivedOn, summary: f.summary });
}

export interface DecisionFacts {
  by: StepActor;
  today: IsoDate;
  at: Date;
  decisionNumber: string;
  decidingAuthority: string;
  decidingAuthorityId: string | null;
  startDate?: IsoDate;
  /** 报经上一级同意 (issue 24): the authority one level up, when the deciding level needs its consent */
  consentAuthorityId: string | null;
}

/** 决定列入: by a reviewer other than the proposer (DOMAIN.md §2), after the statement period or its waiver. */
export function decide(l: ListingState, f: DecisionFacts): ListingStep {
  if (l.status !== 'notified') throw problem(BlacklistProblems.invalidState, `listing is ${l.status}, not notified`);
  if (f.by.id === l.proposed_by) throw problem(BlacklistProblems.fourEyes, 'the officer who proposed this listing cannot decide it');
  if (!mayDecideOn(f.today, l.statement_deadline!, l.statement_waived, l.notice_date!)) {
    const from = decisionAllowedFrom(l.statement_deadline!, l.statement_waived, l.notice_date!);
    throw problem(BlacklistProblems.statementPeriodOpen, `the statement period runs to ${l.statement_deadline}; a decision is possible from ${from}`, [], {
      decisionAllowedFrom: from,
    });
  }
  const startDate = f.startDate ?? f.today;
  if (startDate < f.today) throw problem(BlacklistProblems.invalidDate, 'startDate may not lie before the decision');
  const plannedEnd = plannedEndDate(startDate, l.type_duration_years); // the term it was proposed under (issue 16)
  const awaitsConsent = f.consentAuthorityId !== null;
  // 报经上一级同意: the dates come with the consent, the decision waits without them
  const dates: ListingPatch = awaitsConsent
    ? { consent_authority_id: f.consentAuthorityId, requested_start_date: f.startDate ?? null }
    : { start_date: startDate, planned_end_date: plannedEnd };
  return step(
    l,
    awaitsConsent ? 'decide_pending_consent' : 'decide',
    f.today,
    {
      decision_number: f.decisionNumber,
      deciding_authority: f.decidingAuthority,
      deciding_authority_id: f.decidingAuthorityId,
      ...dates,
      decided_by: f.by.id,
      decided_by_name: f.by.name,
      decided_at: f.at,
    },
    {
      // the persons it names are added by the statement that records them (ListingsRepository.transitionWith, issue 18)
      decisionNumber: f.decisionNumber,
      decidingAuthority: f.decidingAuthority,
      startDate,
      plannedEndDate: plannedEnd,
      awaitsConsent,
    },
  );
}

/** 上一级同意: the listing starts on the consent day, or on the later start the decision asked for. */
export function consent(l: ListingState, f: { by: StepActor; today: IsoDate; at: Date }): ListingStep {
  if (f.by.id === l.proposed_by || f.by.id === l.decided_by)
    throw problem(BlacklistProblems.fourEyes, 'neither the proposer nor the decider may consent to the decision');
  const startDate = consentedStartDate(f.today, l.requested_start_date);
  const plannedEnd = plannedEndDate(startDate, l.type_duration_years);
  return step(
    l,
    'consent',
    f.today,
    {
      start_date: startDate,
      planned_end_date: plannedEnd,
      consent_date: f.today,
      consented_by: f.by.id,
      consented_by_name: f.by.name,
      consented_at: f.at,
    },
    { consentDate: f.today, startDate, plannedEndDate: plannedEnd },
  );
}

/** 不同意: the decision is withdrawn and the case returns to the deciding authority (notified), with the reason. */
export function refuseConsent(l: ListingState, f: { by: StepActor; today: IsoDate; reason: string }): ListingStep {
  if (f.by.id === l.proposed_by || f.by.id === l.decided_by)
    throw problem(BlacklistProblems.fourEyes, 'neither the proposer nor the decider may consent to the decision');
  return step(
    l,
    'refuse_consent',
    f.today,
    {
      decision_number: null,
      deciding_authority: null,
      deciding_authority_id: null,
      consent_authority_id: null,
      requested_start_date: null,
      decided_by: null,
      decided_by_name: null,
      decided_at: null,
    },
    { refusedDecision: l.decision_number, decidingAuthority: l.deciding_authority },
    f.reason,
  );
}

/** 不予列入: the alternative decision, by the same rule of four eyes. */
export function drop(l: ListingState, f: { by: StepActor; today: IsoDate; at: Date; reason: string }): ListingStep {
  if (f.by.id === l.proposed_by) throw problem(BlacklistProblems.fourEyes, 'the officer who proposed this listing cannot decide it');
  return step(
    l,
    'drop',
    f.today,
    { drop_reason: f.reason, dropped_by: f.by.id, dropped_at: f.at },
    { drop_reason: f.reason, dropped_by: f.by.id, dropped_at: f.at },
    f.reason,
  );
}

/** 撤销 (art. 19): the listing was wrong; it stops restricting from today, its history stays. */
export function revoke(l: ListingState, f: { by: StepActor; today: IsoDate; at: Date; reason: string; details: Record<string, unknown> }): ListingStep {
  return step(
    l,
    'revoke',
    f.today,
    { ended_on: f.today, end_kind: 'revocation', end_reason: f.reason, ended_by: f.by.id, ended_at: f.at },
    { endedOn: f.today, ...f.details },
    f.reason,
  );
}

/** 期满移出: recorded on or after the planned end (reads already treat the listing as ended from that day). */
export function expire(l: ListingState, f: { by: StepActor; today: IsoDate; at: Date }): ListingStep {
  if (l.planned_end_date === null || l.planned_end_date > f.today) {
    throw problem(BlacklistProblems.invalidState, `listing ${l.id} runs to ${l.planned_end_date}; it cannot expire on ${f.today}`);
  }
  return step(
    l,
    'expire',
    f.today,
    {
      ended_on: l.planned_end_date,
      end_kind: 'expiry',
      end_reason: '期满移出 planned end date reached',
      ended_by: f.by.id,
      ended_at: f.at,
    },
    { endedOn: l.planned_end_date },
    '期满移出',
  );
}

/** 信用修复: an approved application ends the listing today (the conditions are checked by repairEligibility). */
export function repair(l: ListingState, f: { by: StepActor; today: IsoDate; at: Date; statement: string; details: Record<string, unknown> }): ListingStep {
  return step(
    l,
    'repair',
    f.today,
    { ended_on: f.today, end_kind: 'repair', end_reason: f.statement, ended_by: f.by.id, ended_at: f.at },
    { endedOn: f.today, ...f.details },
    '信用修复 credit repair approved',
  );
}

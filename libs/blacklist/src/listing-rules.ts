import { addDays, addYears, type IsoDate } from '#qcr/platform';

/** The due-process steps of DOMAIN.md §7 as pure rules, so each has its own table of cases. */

export const LISTING_STATUSES = ['proposed', 'notified', 'awaiting_consent', 'listed', 'dropped', 'expired', 'repaired', 'revoked'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

export type ListingAction =
  'notify' | 'record_statement' | 'decide' | 'decide_pending_consent' | 'consent' | 'refuse_consent' | 'drop' | 'expire' | 'repair' | 'revoke';

/**
 * Which status each action starts from and where it leads. The repository turns the `from`
 * list into `UPDATE … WHERE status = ANY(from)`, so a second click finds nothing to change.
 */
export const TRANSITIONS: Record<ListingAction, { from: readonly ListingStatus[]; to: ListingStatus }> = {
  notify: { from: ['proposed'], to: 'notified' },
  record_statement: { from: ['notified'], to: 'notified' },
  decide: { from: ['notified'], to: 'listed' },
  // 报经上一级同意 (issue 24): the decision waits for the upper level; consent publishes it, refusal sends it back
  decide_pending_consent: { from: ['notified'], to: 'awaiting_consent' },
  consent: { from: ['awaiting_consent'], to: 'listed' },
  refuse_consent: { from: ['awaiting_consent'], to: 'notified' },
  drop: { from: ['proposed', 'notified'], to: 'dropped' },
  expire: { from: ['listed'], to: 'expired' },
  repair: { from: ['listed'], to: 'repaired' },
  revoke: { from: ['listed'], to: 'revoked' },
};

export function nextStatus(status: ListingStatus, action: ListingAction): ListingStatus | null {
  const t = TRANSITIONS[action];
  return t.from.includes(status) ? t.to : null;
}

/** 告知: the enterprise may state its case or ask for a hearing until this date, inclusive. */
export function statementDeadline(noticeDate: IsoDate, statementDays: number): IsoDate {
  return addDays(noticeDate, statementDays);
}

/** A decision may be taken the day after the deadline, or at once when the enterprise waived its right. */
export function decisionAllowedFrom(deadline: IsoDate, waived: boolean, noticeDate: IsoDate): IsoDate {
  return waived ? noticeDate : addDays(deadline, 1);
}

export function mayDecideOn(today: IsoDate, deadline: IsoDate, waived: boolean, noticeDate: IsoDate): boolean {
  return today >= decisionAllowedFrom(deadline, waived, noticeDate);
}

/** SAMR Order 44 art. 20: published for three years by default; the list type carries the number. */
export function plannedEndDate(startDate: IsoDate, durationYears: number): IsoDate {
  return addYears(startDate, durationYears);
}

/** 报经上一级同意 (issue 24): a consented decision starts on the consent day, or on the later start the decision asked for. */
export function consentedStartDate(consentDay: IsoDate, requestedStart: IsoDate | null): IsoDate {
  return requestedStart !== null && requestedStart > consentDay ? requestedStart : consentDay;
}

/**
 * What a stored status means on a given day: a listing whose planned end has come is ended,
 * whether or not the daily expiry job has recorded it yet.
 */
export function effectiveStatus(status: ListingStatus, plannedEnd: IsoDate | null, today: IsoDate): ListingStatus {
  return status === 'listed' && plannedEnd !== null && plannedEnd <= today ? 'expired' : status;
}

export type RepairCondition = 'listed_long_enough' | 'penalties_fulfilled' | 'harm_remedied' | 'pledge_filed' | 'no_new_heavier_penalty';

export interface RepairFacts {
  today: IsoDate;
  startDate: IsoDate;
  minListedYears: number;
  penaltiesFulfilled: boolean;
  harmRemedied: boolean;
  pledgeFiled: boolean;
  /** heavier penalties the registry knows of after the one the listing rests on */
  newHeavierPenalties: number;
}

export interface RepairEligibility {
  eligible: boolean;
  unmet: RepairCondition[];
  /** first day the time condition is met */
  eligibleFrom: IsoDate;
}

/** 信用修复 (DOMAIN.md §7): ≥ 1 year listed, penalties fulfilled, harm remedied, pledge filed, no new heavier penalty. */
export function repairEligibility(f: RepairFacts): RepairEligibility {
  const eligibleFrom = addYears(f.startDate, f.minListedYears);
  const unmet: RepairCondition[] = [];
  if (f.today < eligibleFrom) unmet.push('listed_long_enough');
  if (!f.penaltiesFulfilled) unmet.push('penalties_fulfilled');
  if (!f.harmRemedied) unmet.push('harm_remedied');
  if (!f.pledgeFiled) unmet.push('pledge_filed');
  if (f.newHeavierPenalties > 0) unmet.push('no_new_heavier_penalty');
  return { eligible: unmet.length === 0, unmet, eligibleFrom };
}

/** Penalties "new" to a listing are those after the decision it rests on. */
export function newPenaltiesSince(penaltyDecidedOn: IsoDate): IsoDate {
  return addDays(penaltyDecidedOn, 1);
}

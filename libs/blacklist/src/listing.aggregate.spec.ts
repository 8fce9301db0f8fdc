import { ProblemException } from '#qcr/platform';
import { type ListingStatus, LISTING_STATUSES } from './listing-rules.js';
import {
  consent,
  decide,
  drop,
  expire,
  type ListingState,
  type ListingStep,
  notify,
  recordStatement,
  refuseConsent,
  repair,
  revoke,
} from './listing.aggregate.js';

/**
 * The listing lifecycle (DOMAIN.md §7) as table cases on the aggregate: every command from every status. The expected
 * column is written out here, not derived from TRANSITIONS, so a transition planted there (say, revoking an expired
 * listing) fails a row of this table.
 */
const OFFICER = { id: 'officer-1', name: '认定人员' };
const REVIEWER = { id: 'reviewer-1', name: '审核人' };
const UPPER = { id: 'upper-1', name: '上级审核人' };
const TODAY = '2026-03-20';
const AT = new Date('2026-03-20T10:00:00+08:00');

function listing(status: ListingStatus, change: Partial<ListingState> = {}): ListingState {
  return {
    id: 'l-1',
    status,
    proposed_by: OFFICER.id,
    proposed_at: new Date('2026-03-01T10:00:00+08:00'),
    notice_date: '2026-03-02',
    statement_deadline: '2026-03-12',
    statement_waived: false,
    type_duration_years: 3,
    type_statement_days: 10,
    start_date: status === 'listed' || status === 'expired' || status === 'repaired' || status === 'revoked' ? '2025-06-01' : null,
    planned_end_date: status === 'listed' || status === 'expired' || status === 'repaired' || status === 'revoked' ? '2028-06-01' : null,
    ended_on: null,
    requested_start_date: null,
    decided_by: status === 'awaiting_consent' ? REVIEWER.id : null,
    decision_number: null,
    deciding_authority: null,
    ...change,
  };
}

const decision = {
  by: REVIEWER,
  today: TODAY,
  at: AT,
  decisionNumber: '列〔2026〕1号',
  decidingAuthority: '厦门市市场监督管理局',
  decidingAuthorityId: null,
  consentAuthorityId: null,
};

type Command = [name: string, run: (l: ListingState) => ListingStep];
const COMMANDS: Command[] = [
  ['notify', (l) => notify(l, { by: OFFICER, today: TODAY, at: AT })],
  ['record_statement', (l) => recordStatement(l, { today: TODAY, kind: 'statement', summary: '陈述' })],
  ['decide', (l) => decide(l, decision)],
  ['decide_pending_consent', (l) => decide(l, { ...decision, consentAuthorityId: 'authority-up' })],
  ['consent', (l) => consent(l, { by: UPPER, today: TODAY, at: AT })],
  ['refuse_consent', (l) => refuseConsent(l, { by: UPPER, today: TODAY, reason: '证据不足' })],
  ['drop', (l) => drop(l, { by: REVIEWER, today: TODAY, at: AT, reason: '不予列入' })],
  ['revoke', (l) => revoke(l, { by: REVIEWER, today: TODAY, at: AT, reason: '处罚决定被撤销', details: {} })],
  ['repair', (l) => repair(l, { by: REVIEWER, today: TODAY, at: AT, statement: '信用修复', details: {} })],
  ['expire', (l) => expire(l, { by: REVIEWER, today: '2028-06-01', at: AT })],
];

/** status → command → the status it leads to, or null when the command is refused (BLACKLIST.INVALID_STATE). */
const LIFECYCLE: Record<ListingStatus, Partial<Record<string, ListingStatus>>> = {
  proposed: { notify: 'notified', drop: 'dropped' }, // no decision without notice
  notified: { record_statement: 'notified', decide: 'listed', decide_pending_consent: 'awaiting_consent', drop: 'dropped' },
  awaiting_consent: { consent: 'listed', refuse_consent: 'notified' }, // 报经上一级同意 (issue 24): only the upper level acts now
  listed: { revoke: 'revoked', repair: 'repaired', expire: 'expired' }, // a second decision finds nothing to decide
  dropped: {},
  expired: {},
  repaired: {},
  revoked: {},
};

/** The stable code of the problem `act` throws (undefined when it throws none); anything else it throws fails the test. */
function problemCode(act: () => unknown): string | undefined {
  try {
    act();
  } catch (err) {
    if (err instanceof ProblemException) return err.spec.code;
    throw err;
  }
  return undefined;
}

describe('listing lifecycle: every command from every status', () => {
  const rows = LISTING_STATUSES.flatMap((status) => COMMANDS.map(([name, run]) => [status, name, LIFECYCLE[status][name] ?? null, run] as const));
  it.each(rows)('%s --%s--> %s', (status, name, expected, run) => {
    if (expected === null) {
      expect(problemCode(() => run(listing(status)))).toBe('BLACKLIST.INVALID_STATE');
    } else {
      const step = run(listing(status));
      expect(step).toMatchObject({ action: name, to: expected, event: { fromStatus: status, toStatus: expected } });
      expect(step.from).toContain(status); // the guarded UPDATE accepts the status the command started from
    }
  });
});

describe('status as read on a day (expiry without the job)', () => {
  it.each<[string, string, boolean]>([
    ['the day before the planned end: still revocable', '2028-05-31', true],
    ['on the planned end: ended on read, no longer revocable', '2028-06-01', false],
    ['long after', '2030-01-01', false],
  ])('%s', (_n, today, revocable) => {
    const run = () => revoke(listing('listed'), { by: REVIEWER, today, at: AT, reason: '撤销', details: {} });
    if (revocable) expect(run().to).toBe('revoked');
    else expect(problemCode(run)).toBe('BLACKLIST.INVALID_STATE');
  });

  it('expires only from the planned end on, ending on the planned end', () => {
    expect(problemCode(() => expire(listing('listed'), { by: REVIEWER, today: '2028-05-31', at: AT }))).toBe('BLACKLIST.INVALID_STATE');
    expect(expire(listing('listed'), { by: REVIEWER, today: '2028-06-03', at: AT }).patch).toMatchObject({ ended_on: '2028-06-01', end_kind: 'expiry' });
  });
});

describe('decision (决定列入)', () => {
  const code = (f: () => unknown) => {
    try {
      f();
      return null;
    } catch (err) {
      return (err as { spec: { code: string } }).spec.code;
    }
  };
  it.each<[string, Partial<ListingState>, Partial<typeof decision> & { startDate?: string }, string | null]>([
    ['after the statement period', {}, {}, null],
    ['on the deadline day itself', {}, { today: '2026-03-12' }, 'BLACKLIST.STATEMENT_PERIOD_OPEN'],
    ['waived: at once', { statement_waived: true }, { today: '2026-03-03' }, null],
    ['by the proposer', {}, { by: OFFICER }, 'BLACKLIST.FOUR_EYES'],
    ['starting before the decision', {}, { startDate: '2026-03-19' }, 'BLACKLIST.INVALID_DATE'],
  ])('%s → %s', (_n, change, facts, expected) => {
    expect(code(() => decide(listing('notified', change), { ...decision, ...facts }))).toBe(expected);
  });

  it('plans the end from the term the listing was proposed under, and waits for consent without dates', () => {
    expect(decide(listing('notified', { type_duration_years: 5 }), decision).patch).toMatchObject({ start_date: TODAY, planned_end_date: '2031-03-20' });
    const waiting = decide(listing('notified'), { ...decision, consentAuthorityId: 'authority-up', startDate: '2026-04-01' });
    expect(waiting.patch).toMatchObject({ consent_authority_id: 'authority-up', requested_start_date: '2026-04-01' });
    expect(waiting.patch).not.toHaveProperty('start_date');
  });

  it('consent: neither the proposer nor the decider; starts on the later of consent day and asked start', () => {
    const l = listing('awaiting_consent', { requested_start_date: '2026-04-01' });
    expect(problemCode(() => consent(l, { by: REVIEWER, today: TODAY, at: AT }))).toBe('BLACKLIST.FOUR_EYES');
    expect(consent(l, { by: UPPER, today: TODAY, at: AT }).patch).toMatchObject({ start_date: '2026-04-01', planned_end_date: '2029-04-01' });
  });
});

describe('notice and statements (告知、陈述申辩)', () => {
  it('sets the deadline from the notice, and refuses a notice before the proposal or in the future', () => {
    expect(notify(listing('proposed'), { by: OFFICER, today: TODAY, at: AT, noticeDate: '2026-03-05' }).patch).toMatchObject({
      notice_date: '2026-03-05',
      statement_deadline: '2026-03-15',
    });
    for (const noticeDate of ['2026-02-28', '2026-03-21']) {
      expect(problemCode(() => notify(listing('proposed'), { by: OFFICER, today: TODAY, at: AT, noticeDate }))).toBe('BLACKLIST.INVALID_DATE');
    }
  });

  it('a waiver opens the decision at once', () => {
    expect(recordStatement(listing('notified'), { today: TODAY, kind: 'waiver', summary: '放弃' }).patch).toEqual({ statement_waived: true });
    expect(recordStatement(listing('notified'), { today: TODAY, kind: 'statement', summary: '陈述' }).patch).toEqual({});
  });
});

import { Injectable } from '@nestjs/common';
import type { ListingSummary } from '#qcr/blacklist';
import type { EnterpriseRef } from '#qcr/enterprises';
import { GradeProjection, type GradeView } from '#qcr/grading';
import { normalizeCode, parseEnterpriseCode, type ParsedCode } from '#qcr/identifiers';
import { type Actor, checksTotal, isIsoDate, problem, todayInChina } from '#qcr/platform';
import { CheckProblems } from '../joint-measures.problems.js';
import { CHECK_PURPOSES, type CheckPurpose, type Measure } from '../measures/measure.types.js';
import { MeasuresService } from '../measures/measures.service.js';
import type { AskedBy, BatchItem, BatchResult, CheckedEnterprise, CheckResult, GradeOnDate, LoggedAnswer, MeasureView } from './check.types.js';
import { type CheckLogRow, CheckLogWriter } from './check-log.writer.js';
import { type CheckFacts, CheckReads, type OfficerRestriction } from './check-reads.js';
import { standingOf, statusWarningOf } from './standing.js';
import { uuidv7 } from './uuid7.js';
import { decideVerdict, type Verdict } from './verdict.js';

export const MAX_BATCH = 10_000;

type Failure = Extract<ParsedCode, { ok: false }>;

/**
 * 联合奖惩核查. Reads the enterprise, its grade on the date and its listings on the
 * date in one statement over what the owning contexts publish (CheckReads), fresh
 * for every request (a verdict never lags a decision); the catalogue comes from
 * MeasuresService. Logging is handed to CheckLogWriter and never delays the answer.
 */
@Injectable()
export class ChecksService {
  constructor(
    private readonly reads: CheckReads,
    private readonly measures: MeasuresService,
    private readonly log: CheckLogWriter,
    private readonly projection: GradeProjection,
  ) {}

  async checkOne(actor: Actor, rawCode: string, purposeIn: string, asOfIn?: string): Promise<CheckResult> {
    const purpose = this.purpose(actor, purposeIn);
    const asOf = this.asOf(asOfIn);
    const parsed = parseEnterpriseCode(rawCode);
    // Shape errors can never match; a wrong check character may still be a documented legacy exception.
    if (!parsed.ok && (parsed.rule === 'length' || parsed.rule === 'alphabet')) throw invalidCode(rawCode, parsed);
    const normal = normalizeCode(rawCode);
    const [read, catalogue] = await Promise.all([
      lookable(normal) ? this.reads.one(normal, asOf, followsPersons(purpose)) : null,
      this.measures.activeFor(purpose),
    ]);
    // Only a date after today takes the projection's extra round trip; today's and past checks stay one statement.
    const facts = read && asOf > todayInChina() ? (await this.onFutureDate(new Map([[normal, read]]), asOf)).get(normal)! : read;
    if (!facts && !parsed.ok) throw invalidCode(rawCode, parsed);
    const ref = facts?.enterprise ?? null;
    const grade = facts?.grade ?? null;
    const listings = facts?.listings ?? [];
    const officerRestrictions = facts?.officerRestrictions ?? [];
    const { verdict, applicable } = decideVerdict({
      registered: !!ref,
      grade: grade?.grade ?? null,
      // a personally restricted current legal representative or officer restricts as a listing does (issue 18)
      activeListings: listings.length + officerRestrictions.length,
      purpose,
      measures: catalogue,
    });
    const now = new Date();
    const receiptId = uuidv7(now.getTime());
    const askedBy = askedByOf(actor);
    this.log.append([logRow(actor, now, receiptId, null, purpose, asOf, rawCode, ref, verdict, grade, listings, applicable, officerRestrictions)]);
    checksTotal.inc(purpose, verdict); // a number increment: the metric on the hot path (issue 21)
    return {
      code: rawCode,
      purpose,
      asOf,
      verdict,
      standing: standingOf(verdict, grade?.grade ?? null, listings.length),
      registrationStatus: ref?.status ?? null,
      statusWarning: statusWarningOf(ref?.status),
      enterprise: ref ? enterpriseView(ref) : null,
      grade: gradeView(grade),
      listings,
      ...(followsPersons(purpose) ? { officerRestrictions } : {}),
      measures: applicable.map(measureView),
      receipt: { receiptId, time: now.toISOString(), askedBy },
    };
  }

  /**
   * Set-based: one statement for the distinct codes (enterprise, grade and listings
   * on the date, as in checkOne). Each input gets
   * its own result and receipt, in input order; an enterprise named twice is
   * computed once and the repeat points at the first (`duplicateOf`).
   */
  async checkBatch(actor: Actor, codes: string[], purposeIn: string, asOfIn?: string): Promise<BatchResult> {
    const purpose = this.purpose(actor, purposeIn);
    const asOf = this.asOf(asOfIn);
    if (codes.length === 0) throw problem(CheckProblems.batchEmpty, 'codes is empty');
    if (codes.length > MAX_BATCH) throw problem(CheckProblems.batchTooLarge, `${codes.length} codes; at most ${MAX_BATCH} per batch`);

    const inputs = codes.map((code) => ({ code, parsed: parseEnterpriseCode(String(code)), key: normalizeCode(String(code)) }));
    const lookup = [...new Set(inputs.filter(({ key, parsed }) => lookable(key) && (parsed.ok || isCheckCharFailure(parsed))).map(({ key }) => key))];
    const [read, catalogue] = await Promise.all([this.reads.many(lookup, asOf, followsPersons(purpose)), this.measures.activeFor(purpose)]);
    const factsByCode = await this.onFutureDate(read, asOf);

    const now = new Date();
    const batchId = uuidv7(now.getTime());
    const askedBy = askedByOf(actor);
    const summary: BatchResult['summary'] = { restricted: 0, priority: 0, clear: 0, not_registered: 0, invalid: 0 };
    const standings: BatchResult['standings'] = { excluded: 0, caution: 0, priority: 0, ordinary: 0, not_registered: 0, statusWarnings: 0 };
    const usedMeasures: Record<string, MeasureView> = {};
    const firstIndex = new Map<string, number>();
    const decided = new Map<string, { verdict: Verdict; applicable: Measure[] }>();
    const rows: CheckLogRow[] = [];

    const results = inputs.map(({ code, parsed: p, key }, index): BatchItem => {
      const facts: CheckFacts | null = factsByCode.get(key) ?? null;
      const ref = facts?.enterprise ?? null;
      if (!ref && !p.ok) {
        summary.invalid++;
        checksTotal.inc(purpose, 'invalid');
        return { index, code, verdict: 'invalid', error: failureOf(p) };
      }
      const identity = ref ? `e:${ref.id}` : `c:${key}`;
      const first = firstIndex.get(identity);
      if (first === undefined) firstIndex.set(identity, index);
      const grade = facts?.grade ?? null;
      const listings = facts?.listings ?? [];
      const officerRestrictions = facts?.officerRestrictions ?? [];
      let outcome = decided.get(identity);
      if (!outcome) {
        const activeListings = listings.length + officerRestrictions.length;
        outcome = decideVerdict({ registered: !!ref, grade: grade?.grade ?? null, activeListings, purpose, measures: catalogue });
        decided.set(identity, outcome);
      }
      for (const m of outcome.applicable) usedMeasures[m.code] ??= measureView(m);
      summary[outcome.verdict]++;
      checksTotal.inc(purpose, outcome.verdict);
      const standing = standingOf(outcome.verdict, grade?.grade ?? null, listings.length);
      const statusWarning = statusWarningOf(ref?.status);
      standings[standing]++;
      if (statusWarning) standings.statusWarnings++;
      const receiptId = uuidv7(now.getTime());
      rows.push(
        logRow(actor, now, receiptId, batchId, purpose, asOf, code, ref, outcome.verdict, grade, listings, outcome.applicable, officerRestrictions, index),
      );
      return {
        index,
        code,
        verdict: outcome.verdict,
        ...(first !== undefined ? { duplicateOf: first } : {}),
        standing,
        registrationStatus: ref?.status ?? null,
        statusWarning,
        enterprise: ref ? enterpriseView(ref) : null,
        grade: gradeView(grade),
        listings,
        ...(followsPersons(purpose) ? { officerRestrictions } : {}),
        measures: outcome.applicable.map((m) => m.code),
        receiptId,
      };
    });
    this.log.append(rows);
    return { batchId, purpose, asOf, time: now.toISOString(), askedBy, count: codes.length, summary, standings, measures: usedMeasures, results };
  }

  /** The purposes this caller may check: a partner's agency's, or all of them for staff holding check.run. */
  allowedPurposes(actor: Actor): { purposes: CheckPurpose[]; agency: string | null } {
    if (actor.kind !== 'partner') return { purposes: [...CHECK_PURPOSES], agency: null };
    return { purposes: CHECK_PURPOSES.filter((p) => actor.purposes?.includes(p)), agency: actor.name };
  }

  /**
   * The stored grade history ends today; for a date after today (a bid deadline) the grade is computed from the
   * records, listings and progression clock as they will stand on that date (GradeProjection), so the grade shown
   * and the verdict always agree with the listings shown (docs/grading.md, "Future dates"; issue 15).
   */
  private async onFutureDate(facts: Map<string, CheckFacts>, asOf: string): Promise<Map<string, CheckFacts>> {
    if (asOf <= todayInChina() || facts.size === 0) return facts;
    const projected = await this.projection.projectMany(
      [...facts.values()].map((f) => f.enterprise.id),
      asOf,
    );
    const result = new Map<string, CheckFacts>();
    for (const [code, f] of facts) {
      const p = projected.get(f.enterprise.id);
      result.set(code, {
        ...f,
        grade: p ? { grade: p.grade, score: p.score, validFrom: p.validFrom, modelVersion: p.modelVersion, overridden: p.overridden } : f.grade,
      });
    }
    return result;
  }

  /** The guard checks query/body purposes; this also covers multipart uploads and callers inside the process. */
  private purpose(actor: Actor, purpose: string): CheckPurpose {
    if (!(CHECK_PURPOSES as readonly string[]).includes(purpose)) {
      throw problem(CheckProblems.unknownPurpose, `purpose must be one of ${CHECK_PURPOSES.join(', ')}`, [
        { field: 'purpose', rule: 'isIn', message: `purpose must be one of ${CHECK_PURPOSES.join(', ')}` },
      ]);
    }
    if (actor.kind === 'partner' && !actor.purposes?.includes(purpose)) {
      throw problem(CheckProblems.purposeNotAllowed, `purpose ${purpose} is not allowed for this agency`);
    }
    return purpose as CheckPurpose;
  }

  private asOf(asOf: string | undefined): string {
    if (asOf === undefined || asOf === '') return todayInChina();
    if (!isIsoDate(asOf)) {
      throw problem(CheckProblems.invalidAsOf, 'asOf must be a date YYYY-MM-DD', [
        { field: 'asOf', rule: 'isIsoDate', message: 'asOf must be a date YYYY-MM-DD' },
      ]);
    }
    return asOf;
  }
}

/** Purposes a person's own restriction governs (DOMAIN.md §7: holding office; licences issued to its officers). */
export function followsPersons(purpose: CheckPurpose): boolean {
  return purpose === 'office_holding' || purpose === 'licensing';
}

/** Only a 9-character organisation code or an 18-character USCC can name a record. */
function lookable(normalCode: string): boolean {
  return normalCode.length === 18 || normalCode.length === 9;
}

function isCheckCharFailure(p: ParsedCode): boolean {
  return !p.ok && (p.rule === 'uscc_check' || p.rule === 'org_check');
}

function failureOf(p: Failure): NonNullable<BatchItem['error']> {
  return {
    rule: p.rule,
    message: p.message,
    ...(p.position !== undefined ? { position: p.position } : {}),
    ...(p.expected !== undefined ? { expected: p.expected } : {}),
    ...(p.given !== undefined ? { given: p.given } : {}),
  };
}

function invalidCode(raw: string, p: Failure) {
  return problem(CheckProblems.invalidCode, `${raw}: ${p.message}`, [{ field: 'code', rule: p.rule, message: p.message }], {
    rule: p.rule,
    ...(p.position !== undefined ? { position: p.position } : {}),
    ...(p.expected !== undefined ? { expected: p.expected } : {}),
    ...(p.given !== undefined ? { given: p.given } : {}),
  });
}

function askedByOf(actor: Actor): AskedBy {
  return { kind: actor.kind, id: actor.id, name: actor.name, agencyId: actor.agencyId ?? null };
}

function enterpriseView(ref: EnterpriseRef): CheckedEnterprise {
  return { id: ref.id, name: ref.name, uscc: ref.uscc, orgCode: ref.orgCode, status: ref.status, codeException: ref.codeException };
}

function gradeView(g: GradeView | null): GradeOnDate | null {
  return g ? { grade: g.grade, validFrom: g.validFrom, overridden: g.overridden } : null;
}

export function measureView(m: Measure): MeasureView {
  return {
    code: m.code,
    department: m.department,
    purpose: m.purpose,
    trigger: m.trigger,
    triggerGrade: m.triggerGrade,
    kind: m.kind,
    legalBasis: m.legalBasis,
    text: m.text,
  };
}

function logRow(
  actor: Actor,
  at: Date,
  receiptId: string,
  batchId: string | null,
  purpose: string,
  asOf: string,
  inputCode: string,
  ref: EnterpriseRef | null,
  verdict: Verdict,
  grade: GradeView | null,
  listings: ListingSummary[],
  applicable: Measure[],
  officerRestrictions: OfficerRestriction[] = [],
  index?: number,
): CheckLogRow {
  const answer: LoggedAnswer = {
    enterprise: ref ? { name: ref.name, uscc: ref.uscc, orgCode: ref.orgCode } : null,
    grade: grade?.grade ?? null,
    listings: listings.map((l) => ({
      id: l.id,
      decisionNumber: l.decisionNumber,
      listType: l.listType,
      listTypeName: l.listTypeName,
      reason: l.reason,
      startDate: l.startDate,
      plannedEndDate: l.plannedEndDate,
    })),
    measures: applicable.map((m) => m.code),
    ...(officerRestrictions.length
      ? {
          officerRestrictions: officerRestrictions.map((o) => ({
            role: o.role,
            since: o.since,
            listingId: o.listing.id,
            decisionNumber: o.listing.decisionNumber,
          })),
        }
      : {}),
    registrationStatus: ref?.status ?? null,
    ...(index !== undefined ? { index } : {}),
  };
  return {
    receiptId,
    checkedAt: at,
    actorKind: actor.kind,
    actorId: actor.id,
    actorName: actor.name,
    agencyId: actor.agencyId ?? null,
    requestId: actor.requestId ?? null,
    batchId,
    purpose,
    asOf,
    inputCode: String(inputCode).slice(0, 200),
    enterpriseId: ref?.id ?? null,
    verdict,
    answer,
  };
}

import { Injectable } from '@nestjs/common';
import { PersonalDataCipher, type PersonDocument } from '#qcr/enterprises';
import { parsePersonDocument } from '#qcr/identifiers';
import { type Actor, isIsoDate, problem, todayInChina } from '#qcr/platform';
import { personDocumentOrProblem } from '#qcr/enterprises';
import { CheckProblems } from '../joint-measures.problems.js';
import type { CheckPurpose, Measure } from '../measures/measure.types.js';
import { MeasuresService } from '../measures/measures.service.js';
import type { AskedBy, CheckReceipt, MeasureView } from './check.types.js';
import { type CheckLogRow, CheckLogWriter } from './check-log.writer.js';
import { measureView } from './checks.service.js';
import { PERSON_CHECK_PURPOSES } from './person-checks.dto.js';
import { type PersonListing, PersonReads } from './person-reads.js';
import { uuidv7 } from './uuid7.js';
import { decideVerdict } from './verdict.js';

export type PersonVerdict = 'restricted' | 'clear';

/** The answer to POST /api/v1/checks/persons: never the number, its mask or its digest. */
export interface PersonCheckResult {
  purpose: string;
  asOf: string;
  documentType: string;
  verdict: PersonVerdict;
  /** listings naming the person and in force on the date (enterprise, list, dates, legal basis, the person's role) */
  listings: PersonListing[];
  measures: MeasureView[];
  receipt: CheckReceipt;
}

export interface PersonBatchItem {
  index: number;
  documentType: string;
  verdict: PersonVerdict | 'invalid';
  /** set when invalid: the rule the number broke (never the number) */
  error?: { field: string; rule: string; message: string };
  listings?: PersonListing[];
  measures?: string[];
  receiptId?: string;
}

export interface PersonBatchResult {
  batchId: string;
  purpose: string;
  asOf: string;
  time: string;
  askedBy: AskedBy;
  count: number;
  summary: Record<PersonVerdict | 'invalid', number>;
  measures: Record<string, MeasureView>;
  results: PersonBatchItem[];
}

/**
 * 任职资格核查 (issue 18): "may this person be appointed / licensed?" A person is restricted while a listing that
 * recorded them as responsible is in force (DOMAIN.md §7: the restriction follows the person), and the catalogue
 * holds a restriction for the purpose triggered by a listing. One prepared statement per request (PersonReads).
 */
@Injectable()
export class PersonChecksService {
  constructor(
    private readonly reads: PersonReads,
    private readonly measures: MeasuresService,
    private readonly log: CheckLogWriter,
    private readonly cipher: PersonalDataCipher,
  ) {}

  async checkOne(actor: Actor, idType: string, idNumber: string, purposeIn: string, asOfIn?: string): Promise<PersonCheckResult> {
    const purpose = this.purpose(actor, purposeIn);
    const asOf = this.asOf(asOfIn);
    const doc = personDocumentOrProblem(idType, idNumber);
    const digests = this.cipher.personDigests(doc.type, doc.number);
    const [person, catalogue] = await Promise.all([this.reads.one(digests, asOf), this.measures.activeFor(purpose)]);
    const listings = person?.listings ?? [];
    const { verdict, applicable } = this.decide(listings, purpose, catalogue);
    const now = new Date();
    const receiptId = uuidv7(now.getTime());
    this.log.append([logRow(actor, now, receiptId, null, purpose, asOf, doc, person?.personId ?? null, verdict, listings, applicable)]);
    return {
      purpose,
      asOf,
      documentType: doc.type,
      verdict,
      listings,
      measures: applicable.map(measureView),
      receipt: { receiptId, time: now.toISOString(), askedBy: askedByOf(actor) },
    };
  }

  /** Up to 1,000 persons, one statement for all their digests; each input its own result and receipt, in order. */
  async checkBatch(actor: Actor, persons: { idType: string; idNumber: string }[], purposeIn: string, asOfIn?: string): Promise<PersonBatchResult> {
    const purpose = this.purpose(actor, purposeIn);
    const asOf = this.asOf(asOfIn);
    const today = todayInChina();
    const inputs = persons.map((input) => {
      const parsed = parsePersonDocument(input.idType, input.idNumber, today);
      return { input, parsed, digests: parsed.ok ? this.cipher.personDigests(parsed.type, parsed.number) : [] };
    });
    const [found, catalogue] = await Promise.all([
      this.reads.byDigests([...new Set(inputs.flatMap((i) => i.digests))], asOf),
      this.measures.activeFor(purpose),
    ]);
    const now = new Date();
    const batchId = uuidv7(now.getTime());
    const summary: PersonBatchResult['summary'] = { restricted: 0, clear: 0, invalid: 0 };
    const used: Record<string, MeasureView> = {};
    const rows: CheckLogRow[] = [];
    const results = inputs.map(({ input, parsed: p, digests }, index): PersonBatchItem => {
      if (!p.ok) {
        summary.invalid++;
        const field = p.rule === 'document_type' ? `persons[${index}].idType` : `persons[${index}].idNumber`;
        return { index, documentType: String(input.idType).slice(0, 40), verdict: 'invalid', error: { field, rule: p.rule, message: p.message } };
      }
      const person = digests.map((d) => found.get(d)).find((x) => x !== undefined) ?? null;
      const listings = person?.listings ?? [];
      const { verdict, applicable } = this.decide(listings, purpose, catalogue);
      summary[verdict]++;
      for (const m of applicable) used[m.code] ??= measureView(m);
      const receiptId = uuidv7(now.getTime());
      rows.push(logRow(actor, now, receiptId, batchId, purpose, asOf, p, person?.personId ?? null, verdict, listings, applicable));
      return { index, documentType: p.type, verdict, listings, measures: applicable.map((m) => m.code), receiptId };
    });
    this.log.append(rows);
    return { batchId, purpose, asOf, time: now.toISOString(), askedBy: askedByOf(actor), count: persons.length, summary, measures: used, results };
  }

  private decide(listings: PersonListing[], purpose: CheckPurpose, catalogue: readonly Measure[]): { verdict: PersonVerdict; applicable: Measure[] } {
    // A person has no grade: only listing-triggered restrictions can apply, so the answer is restricted or clear.
    const { verdict, applicable } = decideVerdict({ registered: true, grade: null, activeListings: listings.length, purpose, measures: catalogue });
    return verdict === 'restricted' ? { verdict, applicable } : { verdict: 'clear', applicable: [] };
  }

  private purpose(actor: Actor, purpose: string): CheckPurpose {
    if (!(PERSON_CHECK_PURPOSES as readonly string[]).includes(purpose)) {
      const message = `purpose must be one of ${PERSON_CHECK_PURPOSES.join(', ')}`;
      throw problem(CheckProblems.unknownPurpose, message, [{ field: 'purpose', rule: 'isIn', message }]);
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

function askedByOf(actor: Actor): AskedBy {
  return { kind: actor.kind, id: actor.id, name: actor.name, agencyId: actor.agencyId ?? null };
}

/** The log keeps who asked, the document type and the person's internal id — never the number or its digest. */
function logRow(
  actor: Actor,
  at: Date,
  receiptId: string,
  batchId: string | null,
  purpose: string,
  asOf: string,
  doc: PersonDocument,
  personId: string | null,
  verdict: PersonVerdict,
  listings: PersonListing[],
  applicable: Measure[],
): CheckLogRow {
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
    inputCode: `person:${doc.type}`,
    enterpriseId: null,
    verdict,
    answer: {
      enterprise: null,
      grade: null,
      person: personId,
      listings: listings.map((l) => ({
        id: l.id,
        decisionNumber: l.decisionNumber,
        listType: l.listType,
        startDate: l.startDate,
        plannedEndDate: l.plannedEndDate,
        enterprise: l.enterprise,
        role: l.role,
      })),
      measures: applicable.map((m) => m.code),
    },
  };
}

import pg from 'pg';
import { expect } from '@jest/globals';
import { ChecksService, PersonChecksService } from '#qcr/joint-measures';
import type { CheckResult, PersonCheckResult } from '#qcr/joint-measures';
import { residentIdCheckChar } from '#qcr/identifiers';
import type { Actor } from '#qcr/platform';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { listed, registerEnterprise as registerWithRepresentative } from './blacklist-helpers.js';
import { partnerReady, registerEnterprise, type TestEnterprise, unregisteredUscc } from './checks.fixtures.js';

const GP = 'government_procurement';

/** Names of the prepared statements starting with `prefix` that the app sends while `act` runs. */
async function statementsNamed(prefix: string, act: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const name = (args[0] as { name?: string } | undefined)?.name;
    if (typeof name === 'string' && name.startsWith(prefix)) seen.push(name);
    return original.apply(this, args);
  };
  try {
    await act();
  } finally {
    proto.query = original;
  }
  return seen;
}

/**
 * Single checks that arrive in the same turn of the event loop share one read (CheckReads, docs/checks.md §
 * performance): fewer statements than checks, and every check still gets its own enterprise's answer — the same
 * answer it gets alone, including a listing decided just before (a verdict never lags a decision).
 */
describe('single checks arriving together share one read', () => {
  let t: TestApp;
  let plain: TestEnterprise, listedOne: TestEnterprise, other: TestEnterprise;
  const staff: Actor = { kind: 'staff', id: 'coalesce-test', name: 'coalesce test', roles: ['admin'] };

  beforeAll(async () => {
    t = await createTestApp();
    await partnerReady(t);
    [plain, listedOne, other] = await Promise.all([registerEnterprise(t), registerEnterprise(t), registerEnterprise(t)]);
  });
  afterAll(() => t.close());

  it('reads eight checks made in one turn with one statement, each with its own answer', async () => {
    await listed(t, listedOne.id); // decided through the API just before the checks
    const service = t.app.get(ChecksService);
    const codes = [plain.uscc, listedOne.uscc, other.orgCode, unregisteredUscc(), plain.orgCode, listedOne.orgCode, other.uscc, plain.uscc];
    const alone: CheckResult[] = [];
    for (const code of codes) alone.push(await service.checkOne(staff, code, GP));
    let together: CheckResult[] = [];
    const reads = await statementsNamed('checks_facts', async () => {
      together = await Promise.all(codes.map((code) => service.checkOne(staff, code, GP)));
    });
    expect(reads).toEqual(['checks_facts_many']); // before: one checks_facts_one per check (8)
    const answer = (r: CheckResult) => ({
      code: r.code,
      verdict: r.verdict,
      enterprise: r.enterprise?.id ?? null,
      listings: r.listings.map((l) => l.id),
      measures: r.measures.map((m) => m.code),
    });
    expect(together.map(answer)).toEqual(alone.map(answer));
    expect(together[1]!.verdict).toBe('restricted');
    expect(together[0]!.verdict).toBe('clear');
    expect(together[3]!.verdict).toBe('not_registered');
    expect(new Set(together.map((r) => r.receipt.receiptId)).size).toBe(codes.length); // one receipt each
  });

  it('keeps a check alone in its turn on the one-code statement', async () => {
    const service = t.app.get(ChecksService);
    const reads = await statementsNamed('checks_facts', () => service.checkOne(staff, plain.uscc, GP));
    expect(reads).toEqual(['checks_facts_one']);
  });

  it('answers concurrent HTTP checks each with its own enterprise', async () => {
    const codes = [plain.uscc, listedOne.uscc, other.uscc, listedOne.orgCode, plain.orgCode, other.orgCode];
    const replies = await Promise.all(codes.map((code) => t.partner().get(`/api/v1/checks/${code}`).query({ purpose: GP })));
    for (const [i, res] of replies.entries()) {
      expect(res.status).toBe(200);
      const body = res.body as { code: string; verdict: string; enterprise: { id: string } };
      expect(body.code).toBe(codes[i]);
      const expected = [plain, listedOne, other, listedOne, plain, other][i]!;
      expect(body.enterprise.id).toBe(expected.id);
      expect(body.verdict).toBe(expected === listedOne ? 'restricted' : 'clear');
    }
  });
});

/**
 * The person check (issue 18) shares one read per turn the same way (PersonReads): concurrent person checks send one
 * statement, each gets the answer it gets alone, and a listing decided just before restricts at once.
 */
describe('single person checks arriving together share one read', () => {
  let t: TestApp;
  const staff: Actor = { kind: 'staff', id: 'coalesce-test', name: 'coalesce test', roles: ['admin'] };
  /** a random valid resident id (a date of birth in 1980, a random sequence number), so no other spec shares the person */
  const residentId = () => {
    const two = (n: number) => String(n).padStart(2, '0');
    const birth = `1980${two(1 + Math.floor(Math.random() * 12))}${two(1 + Math.floor(Math.random() * 28))}`;
    const first17 = `350203${birth}${String(100 + Math.floor(Math.random() * 900))}`;
    return first17 + residentIdCheckChar(first17);
  };
  const listedPerson = residentId();
  const clearPerson = residentId();
  const unknownPerson = residentId();

  beforeAll(async () => {
    t = await createTestApp();
    const restricted = await registerWithRepresentative(t, { name: '合并核查甲', idNumber: listedPerson });
    await registerWithRepresentative(t, { name: '合并核查乙', idNumber: clearPerson });
    await listed(t, restricted.code); // decided through the API just before the checks
  });
  afterAll(() => t.close());

  it('reads six person checks made in one turn with one statement, each with its own answer', async () => {
    const service = t.app.get(PersonChecksService);
    const numbers = [listedPerson, clearPerson, unknownPerson, listedPerson, clearPerson, unknownPerson];
    const check = (n: string) => service.checkOne(staff, 'resident_id', n, 'office_holding');
    const alone: PersonCheckResult[] = [];
    for (const n of numbers) alone.push(await check(n));
    let together: PersonCheckResult[] = [];
    const reads = await statementsNamed('checks_person_facts', async () => {
      together = await Promise.all(numbers.map(check));
    });
    expect(reads).toEqual(['checks_person_facts_many']); // before: one checks_person_facts_one per check (6)
    const answer = (r: PersonCheckResult) => ({ verdict: r.verdict, listings: r.listings.map((l) => l.id), measures: r.measures.map((m) => m.code) });
    expect(together.map(answer)).toEqual(alone.map(answer));
    expect(together.map((r) => r.verdict)).toEqual(['restricted', 'clear', 'clear', 'restricted', 'clear', 'clear']);
    expect(new Set(together.map((r) => r.receipt.receiptId)).size).toBe(numbers.length);
  });

  it('keeps a person check alone in its turn on the one-digest statement', async () => {
    const service = t.app.get(PersonChecksService);
    const reads = await statementsNamed('checks_person_facts', () => service.checkOne(staff, 'resident_id', listedPerson, 'office_holding'));
    expect(reads).toEqual(['checks_person_facts_one']);
  });
});

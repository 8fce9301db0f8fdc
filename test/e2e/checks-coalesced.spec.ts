import pg from 'pg';
import { expect } from '@jest/globals';
import { ChecksService } from '#qcr/joint-measures';
import type { CheckResult } from '#qcr/joint-measures';
import type { Actor } from '#qcr/platform';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { listed } from './blacklist-helpers.js';
import { partnerReady, registerEnterprise, type TestEnterprise, unregisteredUscc } from './checks.fixtures.js';

const GP = 'government_procurement';

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

  /** Names of the check-read statements the app sends while `act` runs. */
  async function factReads(act: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const original = proto.query;
    proto.query = function (this: unknown, ...args: unknown[]) {
      const name = (args[0] as { name?: string } | undefined)?.name;
      if (typeof name === 'string' && name.startsWith('checks_facts')) seen.push(name);
      return original.apply(this, args);
    };
    try {
      await act();
    } finally {
      proto.query = original;
    }
    return seen;
  }

  it('reads eight checks made in one turn with one statement, each with its own answer', async () => {
    await listed(t, listedOne.id); // decided through the API just before the checks
    const service = t.app.get(ChecksService);
    const codes = [plain.uscc, listedOne.uscc, other.orgCode, unregisteredUscc(), plain.orgCode, listedOne.orgCode, other.uscc, plain.uscc];
    const alone: CheckResult[] = [];
    for (const code of codes) alone.push(await service.checkOne(staff, code, GP));
    let together: CheckResult[] = [];
    const reads = await factReads(async () => {
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
    const reads = await factReads(() => service.checkOne(staff, plain.uscc, GP));
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

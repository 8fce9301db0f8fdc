import { expect } from '@jest/globals';
import { foregroundBusy, noteForegroundRequest, requestsArriving, requestsStreaming } from '#qcr/platform';
import type { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { partnerReady, registerEnterprise } from './checks.fixtures.js';

/** A data source whose request pool is as given (the signal reads only these three counts). */
const poolSaying = (totalCount: number, idleCount: number, waitingCount = 0) =>
  ({ driver: { master: { totalCount, idleCount, waitingCount } } }) as unknown as DataSource;

/**
 * The signals bulk work paces itself by (platform bulk-work.ts). The webhook dispatcher's bulk pace (issue 20) also
 * counts requests arriving: a check holds its pool connection for well under a millisecond, so the pool alone looked
 * idle at most instants under 4,000 checks a second. A request counts for FOREGROUND_HOLD_MS; probes and scrapes not.
 */
describe('foreground signal for bulk work', () => {
  it('counts a request for 250 ms after it arrives; the pool while in use beyond the caller’s own', () => {
    noteForegroundRequest(1_000);
    expect(requestsArriving(1_100)).toBe(true);
    expect(requestsArriving(1_300)).toBe(false);
    expect(foregroundBusy(poolSaying(4, 4))).toBe(false);
    expect(foregroundBusy(poolSaying(4, 3))).toBe(true);
    expect(foregroundBusy(poolSaying(4, 3), 1)).toBe(false);
    expect(foregroundBusy(poolSaying(4, 4, 1))).toBe(true);
  });

  it('calls requests a stream from 10 within 250–500 ms (20–40 a second), what a regrade run yields to; a page polling its progress is not one', () => {
    for (let at = 10_000; at < 12_000; at += 500) noteForegroundRequest(at); // a poll every half second
    expect(requestsStreaming(11_600)).toBe(false);
    expect(requestsArriving(11_600)).toBe(true); // the dispatcher's signal does count it
    for (let at = 20_000; at < 20_500; at += 10) noteForegroundRequest(at); // 100 a second
    expect(requestsStreaming(20_495)).toBe(true);
    expect(requestsStreaming(20_600)).toBe(true); // counted over this window and the one before
    expect(requestsStreaming(21_000)).toBe(false); // none for half a second
  });

  describe('through the API', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
      await partnerReady(t);
    });
    afterAll(() => t.close());

    it('counts a check as foreground and a health probe or a metrics scrape not', async () => {
      const e = await registerEnterprise(t);
      noteForegroundRequest(Number.NEGATIVE_INFINITY);
      expect((await t.http().get('/health/ready')).status).toBe(200);
      expect((await t.http().get('/metrics')).status).toBeGreaterThanOrEqual(200);
      expect(requestsArriving()).toBe(false);
      expect((await t.partner().get(`/api/v1/checks/${e.uscc}?purpose=government_procurement`)).status).toBe(200);
      expect(requestsArriving()).toBe(true);
    });
  });
});

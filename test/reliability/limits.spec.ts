import { connect } from 'node:net';
import { bodyOf, type Schema } from '../helpers/body.js';
import { first } from '../helpers/defined.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { AgenciesService } from '#qcr/access';
import { inParallel, PROBLEM_JSON } from './support.js';

/** Abuse limits: per-key rate limit, oversized body, slow client, too many batch items. */
describe('limits', () => {
  describe('per-key rate limit', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ QCR_RATE_LIMIT_PER_MINUTE: '5' });
    });
    afterAll(() => t.close());

    it('a key past its quota gets 429 problem+json with Retry-After; another caller is not affected', async () => {
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 8; i++) {
        last = await t.partner().get('/api/v1/measures').query({ purpose: 'government_procurement' });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      if (!last) throw new Error('no request was sent');
      expect(last.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(bodyOf<{ code: string }>(last).code).toBe('REQUEST.RATE_LIMITED');
      expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
      expect((await (await t.as('auditor')).get('/api/v1/audit/verify')).status).toBe(200);
    });
  });

  describe('buckets that a re-spelled or forged credential cannot escape (issue 13)', () => {
    let byAddress: TestApp;
    let byIdentity: TestApp;
    beforeAll(async () => {
      byAddress = await createTestApp({ QCR_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '5' });
      byIdentity = await createTestApp({ QCR_RATE_LIMIT_PER_MINUTE: '5' });
    });
    afterAll(async () => {
      await byAddress.close();
      await byIdentity.close();
    });

    it('with the address bucket spent, forged keys and tokens from the same client get 429 too', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await byAddress.http().get('/api/v1/public/listings')).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      const forged = [
        await byAddress.http().get('/api/v1/public/listings').set('X-API-Key', 'anything-1'),
        await byAddress
          .http()
          .get('/api/v1/public/listings')
          .set('X-API-Key', `qcr_AAAAAAAA_${'b'.repeat(40)}`),
        await byAddress.http().get('/api/v1/public/listings').set('Authorization', 'Bearer not.a.token'),
        await byAddress.http().post('/api/v1/auth/login').send({ username: 'admin', password: 'guess-one' }),
      ];
      expect(forged.map((r) => r.status)).toEqual([429, 429, 429, 429]);
      expect(bodyOf<{ code?: string }>(first(forged, 'the first forged request')).code).toBe('REQUEST.RATE_LIMITED');
    });

    it('a staff token re-spelled (BEARER, two spaces, lower case) is still the same user and shares its 429', async () => {
      // the login itself is charged to the address only
      const login = await byIdentity.http().post('/api/v1/auth/login').send({ username: 'auditor', password: process.env.QCR_TEST_DEMO_PASSWORD });
      const token = String(bodyOf<{ accessToken?: string }>(login).accessToken);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await byIdentity.http().get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200]);
      for (const spelling of [`BEARER ${token}`, `Bearer  ${token}`, `bearer ${token}`]) {
        const res = await byIdentity.http().get('/api/v1/auth/me').set('Authorization', spelling);
        expect([spelling.slice(0, 8), res.status]).toEqual([spelling.slice(0, 8), 429]);
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      }
      // a forged key from the same client is refused as unknown, not charged to (or freed by) the user's bucket
      expect((await byIdentity.http().get('/api/v1/auth/me').set('X-API-Key', 'anything-1')).status).toBe(401);
    });
  });

  describe('API-key cache (issue 13 §8)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('100,000 forged, well-formed keys are refused and leave the key cache bounded (verified keys only)', async () => {
      const agencies = t.app.get(AgenciesService);
      expect((await t.partner().get('/api/v1/measures').query({ purpose: 'government_procurement' })).status).toBe(200);
      const before = agencies.cachedKeyCount;
      expect(before).toBeGreaterThanOrEqual(1); // the demo key, verified, is cached
      const forged = (i: number) => `qcr_${i.toString(36).padStart(8, 'Z')}_${'f'.repeat(40)}`;
      // a sample through HTTP: each one 401 …
      const viaHttp = await inParallel(
        Array.from({ length: 500 }, (_, i) => () => t.http().get('/api/v1/measures').set('X-API-Key', forged(i))),
        8,
      );
      expect(new Set(viaHttp.map((r) => r.status))).toEqual(new Set([401]));
      // … and the rest straight through the service the strategy calls (HTTP for 100,000 would take minutes)
      const refused = await inParallel(
        Array.from({ length: 100_000 - 500 }, (_, i) => () => agencies.authenticateKey(forged(500 + i))),
        16,
      );
      expect(refused.every((holder) => holder === null)).toBe(true);
      expect(agencies.cachedKeyCount).toBe(before);
      // a forged secret behind the real prefix is refused from the cache, without evicting the real key
      const real = t.demoApiKey;
      expect(await agencies.authenticateKey(real.slice(0, 13) + 'g'.repeat(real.length - 13))).toBeNull();
      expect(await agencies.authenticateKey(real)).not.toBeNull();
    }, 180_000);
  });

  describe('oversized body and slow client', () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      t = await createTestApp({ QCR_BODY_LIMIT_BYTES: '4096', QCR_REQUEST_TIMEOUT_MS: '1000' });
      await t.app.listen(0, '127.0.0.1');
      port = (t.app.getHttpServer().address() as { port: number }).port;
    });
    afterAll(() => t.close());

    it('413 problem+json for a body over QCR_BODY_LIMIT_BYTES, before authentication or parsing', async () => {
      const admin = await t.as('admin');
      const res = await admin.post('/api/v1/admin/agencies').send({ code: 'too-big', name: 'x'.repeat(8_000), department: 'y', purposes: [] });
      expect(res.status).toBe(413);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(
        (
          await t
            .http()
            .post('/api/v1/auth/login')
            .send({ username: 'x', password: 'y'.repeat(8_000) })
        ).status,
      ).toBe(413);
    });

    it('a client that sends its body too slowly gets 408 and is disconnected after QCR_REQUEST_TIMEOUT_MS', async () => {
      const started = Date.now();
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () => {
          socket.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"username":');
          // …and never the rest
        });
        let data = '';
        socket.on('data', (d) => (data += d.toString()));
        socket.on('close', () => resolve(data));
        socket.on('error', reject);
        setTimeout(() => {
          socket.destroy();
          resolve(data || 'still open after 10 s');
        }, 10_000);
      });
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      expect(Date.now() - started).toBeLessThan(5_000);
      // and the server is still serving everyone else
      expect((await t.http().get('/health/live')).status).toBe(200);
    });
  });

  describe('too many batch items', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('a batch check of 10,001 codes is refused with 413/422 problem+json; 10,000 is the limit', async () => {
      const codes = Array.from({ length: 10_001 }, (_, i) => `9135020000000${String(i).padStart(5, '0')}`);
      const res = await t.partner().post('/api/v1/checks/batch').send({ purpose: 'government_procurement', codes });
      expect([413, 422]).toContain(res.status);
      expect(res.headers['content-type']).toMatch(PROBLEM_JSON);
      const ok = await t
        .partner()
        .post('/api/v1/checks/batch')
        .send({ purpose: 'government_procurement', codes: codes.slice(0, 10_000) });
      expect(ok.status).toBe(200);
      expect(bodyOf<Schema<'BatchResult'>>(ok).results).toHaveLength(10_000);
    });
  });
});

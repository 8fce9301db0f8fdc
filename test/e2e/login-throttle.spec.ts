import { randomBytes } from 'node:crypto';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { defined, type Ok, type Problem, type Reply } from './typed-http.js';

const PASSWORD = 'correct-horse-battery-1';
const freshName = (what: string) => `${what}.${randomBytes(4).toString('hex')}`;

async function createUser(t: TestApp, username: string): Promise<void> {
  const res: Reply<Ok<'/api/v1/admin/users', 'post'>> = await (
    await t.as('admin')
  )
    .post('/api/v1/admin/users')
    .send({ username, displayName: username, password: PASSWORD, roles: ['auditor'] });
  expect(res.status).toBe(201);
}

/** A login attempt; the tests read only the status and, for a refusal, the problem. */
const login = async (t: TestApp, username: string, password: string): Promise<Reply<Problem>> =>
  t.http().post('/api/v1/auth/login').send({ username, password });

const median = (xs: number[]) => defined([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)], 'a median of no timings');

/**
 * Login brute force (issue 13 §2, §3): lockout, backoff, per-address limit, no enumeration by timing.
 * Passport strategies are process-global (the last app created wins), so one app is live at a time.
 */
describe('login throttling', () => {
  describe('per-account lockout (10 failures in 15 min)', () => {
    let t: TestApp;
    let locked: string;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t.close());

    it('the 11th attempt within the window is refused even with the right password', async () => {
      locked = freshName('lock');
      await createUser(t, locked);
      for (let i = 0; i < 10; i++) {
        const res = await login(t, locked, `wrong-${i}`);
        expect([i, res.status, res.body.code]).toEqual([i, 401, 'AUTH.BAD_CREDENTIALS']);
      }
      const right = await login(t, locked, PASSWORD);
      expect(right.status).toBe(429);
      expect(right.body.code).toBe('AUTH.LOGIN_LOCKED');
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(14 * 60);
      // other accounts from the same address are not affected
      expect((await login(t, 'auditor', process.env.QCR_TEST_DEMO_PASSWORD!)).status).toBe(200);
    });

    it('30 wrong passwords sent at once: no more than 10 are tried, the rest and then the right one are refused', async () => {
      const name = freshName('burst');
      await createUser(t, name);
      const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => login(t, name, `burst-${i}`)));
      const tried = answers.filter((r) => r.status === 401).length;
      expect({ tried, refused: answers.filter((r) => r.body.code === 'AUTH.LOGIN_LOCKED').length }).toEqual({ tried: 10, refused: 20 });
      expect((await login(t, name, PASSWORD)).body.code).toBe('AUTH.LOGIN_LOCKED');
    });

    it('a success before the limit clears the account counter', async () => {
      const name = freshName('reset');
      await createUser(t, name);
      for (let i = 0; i < 9; i++) expect((await login(t, name, 'nope-nope')).status).toBe(401);
      expect((await login(t, name, PASSWORD)).status).toBe(200);
      for (let i = 0; i < 9; i++) expect((await login(t, name, 'nope-nope')).status).toBe(401);
      expect((await login(t, name, PASSWORD)).status).toBe(200);
    });

    it('the counters are in PostgreSQL: after a restart the account is still locked', async () => {
      await t.close();
      t = await createTestApp();
      expect((await login(t, locked, PASSWORD)).body.code).toBe('AUTH.LOGIN_LOCKED');
    });
  });

  describe('exponential backoff', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ QCR_LOGIN_BACKOFF_BASE_MS: '60000' });
    });
    afterAll(() => t.close());

    it('after 3 free failures the next attempt must wait (429 AUTH.LOGIN_BACKOFF, Retry-After)', async () => {
      const name = freshName('backoff');
      await createUser(t, name);
      for (let i = 0; i < 3; i++) expect((await login(t, name, 'wrong-wrong')).status).toBe(401);
      const res = await login(t, name, PASSWORD);
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('AUTH.LOGIN_BACKOFF');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(50);
    });
  });

  describe('per-address limit', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ QCR_LOGIN_MAX_FAILURES_PER_ADDRESS: '4' });
    });
    afterAll(() => t.close());

    it('failures spread over many names lock the client address', async () => {
      // whatever failures this address already has, 4 more reach this instance's limit
      for (let i = 0; i < 4; i++) await login(t, freshName('ghost'), 'whatever-1');
      const res = await login(t, 'auditor', process.env.QCR_TEST_DEMO_PASSWORD!);
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('AUTH.LOGIN_LOCKED');
    });
  });

  describe('no username enumeration by timing', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp({ QCR_LOGIN_MAX_FAILURES: '1000' });
    });
    afterAll(() => t.close());

    it('an unknown user costs the same as a wrong password (medians of 40 each within 25 %)', async () => {
      const name = freshName('timing');
      await createUser(t, name);
      await login(t, freshName('warm'), 'x-x-x-x-x'); // the dummy hash is made on first use
      const wrong: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 40; i++) {
        for (const [user, into] of [
          [name, wrong],
          [freshName('nobody'), unknown],
        ] as const) {
          const started = process.hrtime.bigint();
          const res = await login(t, user, `wrong-password-${i}`);
          into.push(Number(process.hrtime.bigint() - started) / 1e6);
          expect(res.status).toBe(401);
        }
      }
      const [w, u] = [median(wrong), median(unknown)];
      expect({ wrongMs: w, unknownMs: u, within25pct: Math.abs(u - w) / w < 0.25 }).toEqual({ wrongMs: w, unknownMs: u, within25pct: true });
    }, 60_000);
  });
});

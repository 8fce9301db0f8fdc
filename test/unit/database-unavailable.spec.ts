import { isDatabaseUnavailable, renderProblem } from '#qcr/platform';

/** A database that is down or restarting is a 503 with Retry-After, never a 500 (test/reliability/database-crash.spec.ts drives it for real). */
describe('database unavailable → 503', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const cases: Array<[string, unknown, boolean]> = [
    ['connection refused', refused, true],
    ['several addresses refused (AggregateError)', new AggregateError([refused], ''), true],
    ['socket closed mid-query', new Error('Connection terminated unexpectedly'), true],
    [
      'server starting up (57P03), wrapped by TypeORM',
      Object.assign(new Error('query failed'), { driverError: { code: '57P03', message: 'the database system is starting up' } }),
      true,
    ],
    ['admin shutdown (57P01)', { code: '57P01', message: 'terminating connection due to administrator command' }, true],
    ['connection exception class 08', { code: '08006', message: 'connection failure' }, true],
    ['a FATAL from the server', { severity: 'FATAL', code: 'XX000', message: 'could not open file' }, true],
    [
      'the transaction lost its connection (TypeORM)',
      Object.assign(new Error('Database connection provided by a query runner was already released'), { name: 'QueryRunnerProviderAlreadyReleasedError' }),
      true,
    ],
    ['unique violation', Object.assign(new Error('duplicate key'), { driverError: { code: '23505' } }), false],
    ['a bug', new TypeError('x is undefined'), false],
    ['nothing', undefined, false],
  ];
  it.each(cases)('%s', (_label, err, expected) => {
    expect(isDatabaseUnavailable(err)).toBe(expected);
  });

  it('renders a 503 problem with Retry-After and no internals', () => {
    const logged: unknown[] = [];
    const r = renderProblem(refused, { id: 'req-1', headers: { 'accept-language': 'en' } }, (_id, err) => logged.push(err));
    expect(r.status).toBe(503);
    expect(r.headers['Retry-After']).toBe('5');
    expect(r.headers['Content-Type']).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(r.body) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 503, code: 'SERVER.UNAVAILABLE', traceId: 'req-1' });
    expect(String(body.detail)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(logged).toEqual([refused]);
  });

  it('leaves other errors as 500', () => {
    expect(renderProblem(new TypeError('boom'), { headers: {} }, () => {}).status).toBe(500);
  });
});

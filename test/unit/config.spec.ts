import { freePort, loadAppConfig, openDatabase } from '#qcr/platform';

describe('configuration is validated at boot', () => {
  it('applies the documented defaults', () => {
    const c = loadAppConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', QCR_DATA_DIR: './.data/pg', QCR_SEED_DEMO: true, QCR_JWT_TTL_SECONDS: 3600 });
    expect(c.QCR_WEBHOOK_BULK_PER_SECOND).toBe(50);
  });

  it.each([
    ['npm start: embedded database', {}, true],
    [
      'an external database',
      {
        DATABASE_URL: 'postgres://u:p@db/qcr',
        QCR_PII_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
        QCR_AUDIT_KEY: `a1:${Buffer.alloc(32, 2).toString('base64')}`,
      },
      false,
    ],
    ['production (the container)', { NODE_ENV: 'production' }, false],
    ['production, asked for explicitly', { NODE_ENV: 'production', QCR_SEED_DEMO: 'true' }, true],
    ['embedded, turned off', { QCR_SEED_DEMO: 'false' }, false],
  ])('demo seed by default only with the embedded database outside production: %s', (_what, env, seeds) => {
    expect(loadAppConfig(env).QCR_SEED_DEMO).toBe(seeds);
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ QCR_JWT_SECRET: 'short' }, 'QCR_JWT_SECRET'],
    [{ QCR_DEMO_PASSWORD: 'abc' }, 'QCR_DEMO_PASSWORD'],
    [{ QCR_DEMO_API_KEY: 'not-a-key' }, 'QCR_DEMO_API_KEY'],
    [{ QCR_PG_PORT: '80' }, 'QCR_PG_PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('stops with a message naming the variable: %j', (env, name) => {
    expect(() => loadAppConfig(env)).toThrow(new RegExp(`^Invalid configuration:\\n(.|\\n)*${name}:`));
  });
});

describe('boolean settings take only true/false/1/0', () => {
  it.each([
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('QCR_SEED_DEMO=%s → %s', (value, expected) => {
    expect(loadAppConfig({ QCR_SEED_DEMO: value }).QCR_SEED_DEMO).toBe(expected);
  });

  it.each([
    [{ QCR_SEED_DEMO: 'maybe' }, 'QCR_SEED_DEMO'],
    [{ QCR_SEED_DEMO: 'yes please' }, 'QCR_SEED_DEMO'],
    [{ LOG_LEVEL: 'INFO!' }, 'LOG_LEVEL'],
    [{ QCR_SHUTDOWN_GRACE_MS: 'soon' }, 'QCR_SHUTDOWN_GRACE_MS'],
    [{ QCR_PG_MAX_RESTARTS: '-1' }, 'QCR_PG_MAX_RESTARTS'],
    [{ QCR_WEBHOOK_BULK_PER_SECOND: '0' }, 'QCR_WEBHOOK_BULK_PER_SECOND'],
    [{ QCR_WEBHOOK_BULK_PER_SECOND: 'fast' }, 'QCR_WEBHOOK_BULK_PER_SECOND'],
    [{ QCR_WEBHOOK_BULK_PER_SECOND: '1000000' }, 'QCR_WEBHOOK_BULK_PER_SECOND'],
  ])('rejects an unknown value, naming the variable: %j', (env, name) => {
    expect(() => loadAppConfig(env)).toThrow(new RegExp(`^Invalid configuration:\\n  ${name}: ${name} must`));
  });
});

describe('an unreachable DATABASE_URL', () => {
  it('stops the start with one line naming the variable, the host and the reason', async () => {
    const port = await freePort(); // nothing listens there
    const keys = { QCR_PII_KEY: `k1:${Buffer.alloc(32, 1).toString('base64')}`, QCR_AUDIT_KEY: `a1:${Buffer.alloc(32, 2).toString('base64')}` };
    const config = loadAppConfig({ DATABASE_URL: `postgres://qcr:secret-pw@127.0.0.1:${port}/qcr`, ...keys });
    const error = await openDatabase(config).then(
      () => null,
      (err: Error) => err,
    );
    expect(error?.message).toBe(
      `DATABASE_URL: cannot use the database at 127.0.0.1:${port}/qcr: connection refused (is PostgreSQL running and listening there?) [ECONNREFUSED]`,
    );
    expect(error?.message).not.toContain('secret-pw');
  });
});

import { loadAppConfig } from '#qcr/platform';

describe('configuration is validated at boot', () => {
  it('applies the documented defaults', () => {
    const c = loadAppConfig({});
    expect(c).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', QCR_DATA_DIR: './.data/pg', QCR_SEED_DEMO: true, QCR_JWT_TTL_SECONDS: 3600 });
  });

  it.each([
    ['npm start: embedded database', {}, true],
    ['an external database', { DATABASE_URL: 'postgres://u:p@db/qcr' }, false],
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

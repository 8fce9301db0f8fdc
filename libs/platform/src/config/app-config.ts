import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : value === true || value === 'true' || value === '1';

/** Every environment variable the registry reads. Documented in README § Configuration. */
export class AppConfig {
  @Transform(toInt) @IsInt() @Min(0) @Max(65535)
  PORT = 3000;

  @IsString() @IsOptional()
  HOST = '127.0.0.1';

  @IsOptional() @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  QCR_DATA_DIR = './.data/pg';

  @Transform(toInt) @IsOptional() @IsInt() @Min(1024) @Max(65535)
  QCR_PG_PORT?: number;

  @IsOptional() @IsString() @MinLength(32, { message: 'QCR_JWT_SECRET must be at least 32 characters' })
  QCR_JWT_SECRET?: string;

  @Transform(toInt) @IsInt() @Min(60) @Max(86400)
  QCR_JWT_TTL_SECONDS = 3600;

  @IsOptional() @IsString() @MinLength(8, { message: 'QCR_DEMO_PASSWORD must be at least 8 characters' })
  QCR_DEMO_PASSWORD?: string;

  @IsOptional() @IsString() @Matches(/^qcr_[A-Za-z0-9]{8}_[A-Za-z0-9]{32,}$/, {
    message: 'QCR_DEMO_API_KEY must look like qcr_<8 chars>_<at least 32 chars>',
  })
  QCR_DEMO_API_KEY?: string;

  /**
   * Load the demo users, partner key and data at start. Default (issue 13 §10): on only for the
   * embedded database outside production (`npm start`); off with DATABASE_URL or NODE_ENV=production
   * (the container), where demo accounts with a printed password must never appear by accident.
   */
  @Transform(toBool) @IsOptional() @IsBoolean()
  QCR_SEED_DEMO!: boolean;

  /** Per verified identity (API key id or staff user id), however the credential is spelled. */
  @Transform(toInt) @IsInt() @Min(1)
  QCR_RATE_LIMIT_PER_MINUTE = 600;

  /** Per client address, charged on every request before any credential is looked at. */
  @Transform(toInt) @IsInt() @Min(1)
  QCR_RATE_LIMIT_PER_ADDRESS_PER_MINUTE = 1200;

  /** Failed logins for one account within the window before it is locked for a window. */
  @Transform(toInt) @IsInt() @Min(1)
  QCR_LOGIN_MAX_FAILURES = 10;

  /** Failed logins from one client address within the window before it is locked (backoff from half). */
  @Transform(toInt) @IsInt() @Min(1)
  QCR_LOGIN_MAX_FAILURES_PER_ADDRESS = 100;

  @Transform(toInt) @IsInt() @Min(1) @Max(24 * 60)
  QCR_LOGIN_WINDOW_MINUTES = 15;

  /** First backoff step after the free failures; doubles with each further failure; 0 = no backoff. */
  @Transform(toInt) @IsInt() @Min(0)
  QCR_LOGIN_BACKOFF_BASE_MS = 1000;

  /** How long a user's roles, active flag and revoked tokens are cached; changes also drop it at once. */
  @Transform(toInt) @IsInt() @Min(0) @Max(30)
  QCR_SESSION_CACHE_SECONDS = 15;

  @Transform(toInt) @IsInt() @Min(1024)
  QCR_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

  /** Longest a client may take to send one whole request (slow clients get 408); 0 turns it off. */
  @Transform(toInt) @IsInt() @Min(0)
  QCR_REQUEST_TIMEOUT_MS = 30_000;

  @IsOptional() @IsString()
  QCR_CORS_ORIGINS?: string;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';
}

/** Validates the environment; throws one message naming every bad variable. */
export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  config.QCR_SEED_DEMO ??= !config.DATABASE_URL && env.NODE_ENV !== 'production';
  return config;
}

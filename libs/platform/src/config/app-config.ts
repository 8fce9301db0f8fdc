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

  @Transform(toBool) @IsBoolean()
  QCR_SEED_DEMO = true;

  @Transform(toInt) @IsInt() @Min(1)
  QCR_RATE_LIMIT_PER_MINUTE = 600;

  @Transform(toInt) @IsInt() @Min(1024)
  QCR_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

  /** Longest a client may take to send one whole request (slow clients get 408); 0 turns it off. */
  @Transform(toInt) @IsInt() @Min(0)
  QCR_REQUEST_TIMEOUT_MS = 30_000;

  @IsOptional() @IsString()
  QCR_CORS_ORIGINS?: string;

  /** Run the registry's own scheduled jobs (docs/grading.md, "Scheduled jobs"); once per schedule across instances. */
  @Transform(toBool) @IsBoolean()
  QCR_JOBS_ENABLED = true;

  /** 期满移出: cron (5 or 6 fields) in QCR_JOBS_TIMEZONE; default 00:05, when the new legal day begins. */
  @IsString() @Matches(/^\S+( \S+){4,5}$/, { message: 'QCR_JOB_EXPIRY_CRON must be a cron pattern of 5 or 6 fields' })
  QCR_JOB_EXPIRY_CRON = '5 0 * * *';

  /** Daily full regrade (records leaving their windows, listings starting or ending); after the expiry run. */
  @IsString() @Matches(/^\S+( \S+){4,5}$/, { message: 'QCR_JOB_REGRADE_CRON must be a cron pattern of 5 or 6 fields' })
  QCR_JOB_REGRADE_CRON = '15 0 * * *';

  /** Legal dates are China time (DOMAIN.md §10). */
  @IsString()
  QCR_JOBS_TIMEZONE = 'Asia/Shanghai';

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
  return config;
}

import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';

const toInt = ({ value }: { value: unknown }) => (value === undefined || value === '' ? undefined : Number(value));
// Only these spellings; anything else (QCR_SEED_DEMO=maybe) is kept as given so @IsBoolean rejects it, naming the variable.
const BOOLEANS: Record<string, boolean> = { true: true, '1': true, false: false, '0': false };
const toBool = ({ value }: { value: unknown }) => {
  if (value === undefined || value === '' || typeof value === 'boolean') return value === '' ? undefined : value;
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  return BOOLEANS[String(value).trim().toLowerCase()] ?? value;
};

/**
 * Every environment variable the registry's server reads at start (validated here, documented in README § Configuration).
 * Read elsewhere: the CLI's QCR_NEW_PASSWORD (`user add`, in the README's CLI examples), the standard OTEL_* (apps/api/src/tracing.ts,
 * README § Configuration) and the QCR_CLUSTER_* hand-offs the cluster launcher sets for its own workers (apps/api/src/cluster.ts).
 */
export class AppConfig {
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @IsOptional()
  HOST = '127.0.0.1';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  QCR_DATA_DIR = './.data/pg';

  @Transform(toInt)
  @IsOptional()
  @IsInt()
  @Min(1024)
  @Max(65535)
  QCR_PG_PORT?: number;

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'QCR_JWT_SECRET must be at least 32 characters' })
  QCR_JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  QCR_JWT_TTL_SECONDS = 3600;

  @IsOptional()
  @IsString()
  @MinLength(8, { message: 'QCR_DEMO_PASSWORD must be at least 8 characters' })
  QCR_DEMO_PASSWORD?: string;

  @IsOptional()
  @IsString()
  @Matches(/^qcr_[A-Za-z0-9]{8}_[A-Za-z0-9]{32,}$/, {
    message: 'QCR_DEMO_API_KEY must look like qcr_<8 chars>_<at least 32 chars>',
  })
  QCR_DEMO_API_KEY?: string;

  /**
   * Load the demo users, partner key and data at start. Default (issue 13 §10): on only for the
   * embedded database outside production (`npm start`); off with DATABASE_URL or NODE_ENV=production
   * (the container), where demo accounts with a printed password must never appear by accident.
   */
  @Transform(toBool)
  @IsOptional()
  @IsBoolean({ message: 'QCR_SEED_DEMO must be true or false (or 1 / 0)' })
  QCR_SEED_DEMO!: boolean;

  /** Per verified identity (API key id or staff user id), however the credential is spelled. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  QCR_RATE_LIMIT_PER_MINUTE = 600;

  /** Per client address, charged on every request before any credential is looked at. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  QCR_RATE_LIMIT_PER_ADDRESS_PER_MINUTE = 1200;

  /** Failed logins for one account within the window before it is locked for a window. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  QCR_LOGIN_MAX_FAILURES = 10;

  /** Failed logins from one client address within the window before it is locked (backoff from half). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  QCR_LOGIN_MAX_FAILURES_PER_ADDRESS = 100;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  QCR_LOGIN_WINDOW_MINUTES = 15;

  /** First backoff step after the free failures; doubles with each further failure; 0 = no backoff. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  QCR_LOGIN_BACKOFF_BASE_MS = 1000;

  /** How long a user's roles, active flag and revoked tokens are cached; changes also drop it at once. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(30)
  QCR_SESSION_CACHE_SECONDS = 15;

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  QCR_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

  /** Longest a client may take to send one whole request (slow clients get 408); 0 turns it off. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  QCR_REQUEST_TIMEOUT_MS = 30_000;

  /** SIGINT/SIGTERM: longest the drain (in-flight requests, check log, pool, embedded server) may take before exit 1. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600_000)
  QCR_SHUTDOWN_GRACE_MS = 10_000;

  /** Restart attempts after the embedded PostgreSQL dies (backoff 0.25, 0.5, 1, 2, 2 … s); 0 never restarts it. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(100)
  QCR_PG_MAX_RESTARTS = 8;

  /** Connections of the pool bulk work (imports, regrade chunks) uses, apart from the request pool (database/bulk-work.ts). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(10)
  QCR_BULK_POOL_SIZE = 2;

  /** Share of the wall clock bulk work may take between pauses (100: no pauses). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  QCR_BULK_SHARE_PERCENT = 50;

  /**
   * Nice value (1–19) of the PostgreSQL backend an import writes through, when the server runs on this host
   * (database/bulk-connection.ts); 0 leaves it at normal priority.
   */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(19)
  QCR_BULK_NICE = 19;

  @IsOptional()
  @IsString()
  QCR_CORS_ORIGINS?: string;

  /** Streaming replicas (comma-separated postgres:// URLs) that serve checks and batch checks (docs/scale.md). */
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/[^,\s]+(,postgres(ql)?:\/\/[^,\s]+)*$/, { message: 'DATABASE_READ_URLS must be comma-separated postgres:// URLs' })
  DATABASE_READ_URLS?: string;

  /** A replica that has not replayed a commit within this long (or the primary's position one tick ago) leaves rotation. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  QCR_REPLICA_MAX_LAG_MS = 1_000;

  /** API processes on this host (node:cluster, one port); each is stateless, the embedded PostgreSQL is shared (docs/scale.md). */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(64)
  QCR_WORKERS = 1;

  /**
   * Where rate-limit counts live: `memory` (one process) or `postgres` (shared by every instance, synced every
   * QCR_RATE_LIMIT_SYNC_MS; http/shared-rate-store.ts). Default: postgres when QCR_WORKERS > 1, else memory.
   * Behind a load balancer with several hosts, set postgres.
   */
  @IsOptional()
  @IsIn(['memory', 'postgres'], { message: 'QCR_RATE_LIMIT_STORE must be one of memory, postgres' })
  QCR_RATE_LIMIT_STORE?: 'memory' | 'postgres';

  @Transform(toInt)
  @IsInt()
  @Min(20)
  @Max(5_000)
  QCR_RATE_LIMIT_SYNC_MS = 250;

  /** Personal-data keys (kid:base64, first is current); or a file of them outside QCR_DATA_DIR. Required with DATABASE_URL. */
  @IsOptional()
  @IsString()
  QCR_PII_KEY?: string;

  @IsOptional()
  @IsString()
  QCR_PII_KEY_FILE?: string;

  /** Audit-chain HMAC keys, same form and handling as QCR_PII_KEY. */
  @IsOptional()
  @IsString()
  QCR_AUDIT_KEY?: string;

  @IsOptional()
  @IsString()
  QCR_AUDIT_KEY_FILE?: string;

  /** CJK font for PDF reports, `file[#PostScriptName]` (a .ttc face); unset: the Debian wqy-zenhei / noto-cjk paths. */
  @IsOptional()
  @IsString()
  QCR_PDF_FONT?: string;

  /** The address people reach the portal at (printed reports link their verification page there); unset: the request's host. */
  @IsOptional()
  @IsString()
  @Matches(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, { message: 'QCR_PUBLIC_URL must be an http(s) URL' })
  QCR_PUBLIC_URL?: string;

  /** A user created or granted a role less than this long ago cannot approve what their creator proposed. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  QCR_FRESH_ACCOUNT_HOURS = 24;

  /** Run the registry's own scheduled jobs (docs/grading.md, "Scheduled jobs"); once per schedule across instances. */
  @Transform(toBool)
  @IsBoolean()
  QCR_JOBS_ENABLED = true;

  /** 期满移出: cron (5 or 6 fields) in QCR_JOBS_TIMEZONE; default 00:05, when the new legal day begins. */
  @IsString()
  @Matches(/^\S+( \S+){4,5}$/, { message: 'QCR_JOB_EXPIRY_CRON must be a cron pattern of 5 or 6 fields' })
  QCR_JOB_EXPIRY_CRON = '5 0 * * *';

  /** Daily full regrade (records leaving their windows, listings starting or ending); after the expiry run. */
  @IsString()
  @Matches(/^\S+( \S+){4,5}$/, { message: 'QCR_JOB_REGRADE_CRON must be a cron pattern of 5 or 6 fields' })
  QCR_JOB_REGRADE_CRON = '15 0 * * *';

  /** Legal dates are China time (DOMAIN.md §10). */
  @IsString()
  QCR_JOBS_TIMEZONE = 'Asia/Shanghai';

  /** Change feed (docs/changes.md): events older than this many days are purged; `since` before them is 410. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  QCR_CHANGES_RETENTION_DAYS = 90;

  /** How often an open change stream (SSE) looks for new events, in milliseconds. */
  @Transform(toInt)
  @IsInt()
  @Min(50)
  @Max(60_000)
  QCR_CHANGES_POLL_MS = 1000;

  /** Run the webhook delivery worker (pg-boss, schema qcr_jobs) in this process. */
  @Transform(toBool)
  @IsBoolean()
  QCR_WEBHOOKS_ENABLED = true;

  /** Let webhooks reach loopback and private addresses: for tests on one machine only, never in production (SSRF). */
  @Transform(toBool)
  @IsBoolean()
  QCR_WEBHOOKS_ALLOW_PRIVATE = false;

  /** Retries of a failing delivery; with the delays below the default keeps trying for more than 24 h (issue 20). */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(1000)
  QCR_WEBHOOK_RETRY_LIMIT = 34;

  /** First retry delay (seconds); doubles per retry with jitter, up to QCR_WEBHOOK_RETRY_DELAY_MAX_SECONDS. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  QCR_WEBHOOK_RETRY_DELAY_SECONDS = 30;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  QCR_WEBHOOK_RETRY_DELAY_MAX_SECONDS = 3600;

  /** A delivery still active after this long (its worker died, kill -9) is retried. */
  @Transform(toInt)
  @IsInt()
  @Min(6)
  QCR_WEBHOOK_EXPIRE_SECONDS = 30;

  /**
   * Deliveries of bulk origin (a regrade run, an import, a catalogue change) dispatched per second while requests hold
   * connections of the request pool; alone the API sends them as fast as the workers go (docs/changes.md § "Paced
   * bulk deliveries"). 50/s sends a 10,000-grade regrade's deliveries in under 4 minutes under load while leaving the
   * two cores to the checks; a listing decision's deliveries are never paced.
   */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100_000)
  QCR_WEBHOOK_BULK_PER_SECOND = 50;

  /** Daily extracts (docs/changes.md): where the files are kept (every instance must see the same directory). */
  @IsString()
  @MinLength(1)
  QCR_EXTRACTS_DIR = './.data/extracts';

  /** When the daily extract is built, cron in QCR_JOBS_TIMEZONE (Asia/Shanghai); after the expiry run and the regrade. */
  @IsString()
  @Matches(/^\S+( \S+){4,5}$/, { message: 'QCR_EXTRACT_CRON must be a cron pattern of 5 or 6 fields' })
  QCR_EXTRACT_CRON = '30 1 * * *';

  /** Days of extracts kept; older ones are deleted when a new one is built. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  QCR_EXTRACT_RETENTION_DAYS = 30;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' })
  LOG_LEVEL = 'info';
}

/** Validates the environment; throws one message naming every bad variable. */
export function loadAppConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const defined = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const config = plainToInstance(AppConfig, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false, whitelist: false });
  const lines = errors.map((e) => `  ${e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
  // A server database outlives any one container: its keys must come from outside it (issue 13).
  for (const name of ['QCR_PII_KEY', 'QCR_AUDIT_KEY'] as const) {
    if (config.DATABASE_URL && !config[name] && !config[`${name}_FILE`]) {
      lines.push(`  ${name}: ${name} or ${name}_FILE is required when DATABASE_URL is set`);
    }
  }
  if (lines.length > 0) {
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  config.QCR_SEED_DEMO ??= !config.DATABASE_URL && env.NODE_ENV !== 'production';
  config.QCR_RATE_LIMIT_STORE ??= config.QCR_WORKERS > 1 ? 'postgres' : 'memory';
  return config;
}

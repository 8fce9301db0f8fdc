import pg from 'pg';

/**
 * Captures every SQL text the app sends to PostgreSQL while a hot path runs, and names the source file that issued
 * it (issue 23, docs/conventions.md § SQL snapshots). Parameters are never kept: only the text, which carries `$n`
 * placeholders, so no value a test sends can reach a snapshot file.
 */
export interface IssuedStatement {
  /** `<lib>/<path under src without .ts>`, or `unattributed` when no frame of libs/ issued it */
  origin: string;
  /** the hot path that was running */
  hotPath: string;
  text: string;
  /** string parameters, held only so the spec can prove none of them leaked into the text */
  stringValues: string[];
}

/**
 * Frames that are SQL plumbing rather than the statement's author: the typed wrappers, the transaction helper and the
 * prepared-statement class of libs/platform. The first libs/ frame after these is the issuing file.
 */
const PLUMBING = /\/libs\/platform\/src\/(sql|database)\//;
const LIB_FRAME = /\/libs\/([a-z0-9-]+)\/src\/([^:)]+)\.ts/;

/** The issuing file from the stack of the call that sent the statement. */
export function originOf(stack: string): string | null {
  for (const line of stack.split('\n').slice(1)) {
    if (!line.includes('/libs/') || line.includes('/node_modules/') || PLUMBING.test(line)) continue;
    const m = LIB_FRAME.exec(line);
    if (m) return `${m[1]}/${m[2]}`;
  }
  return null;
}

type QueryFn = (...args: unknown[]) => unknown;

/**
 * Patches pg's Client and Pool: a prepared statement reaches `Client.query` from a pool callback, where the async
 * stack no longer shows its caller, so the origin is taken at `Pool.query` and carried on the query object.
 */
export class SqlCapture {
  readonly statements: IssuedStatement[] = [];
  hotPath = 'setup';
  private readonly origins = new WeakMap<object, string>();
  private restore: (() => void) | null = null;

  start(): void {
    const client = pg.Client.prototype as unknown as { query: QueryFn };
    const pool = pg.Pool.prototype as unknown as { query: QueryFn };
    const clientQuery = client.query;
    const poolQuery = pool.query;
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 80;
    const origins = this.origins;
    pool.query = function (this: unknown, ...args: unknown[]) {
      const [first] = args;
      if (first && typeof first === 'object') {
        const origin = originOf(new Error().stack ?? '');
        if (origin) origins.set(first, origin);
      }
      return poolQuery.apply(this, args);
    };
    const record = (args: unknown[], stack: string) => this.record(args, stack);
    client.query = function (this: unknown, ...args: unknown[]) {
      record(args, new Error().stack ?? '');
      return clientQuery.apply(this, args);
    };
    this.restore = () => {
      client.query = clientQuery;
      pool.query = poolQuery;
      Error.stackTraceLimit = limit;
    };
  }

  stop(): void {
    this.restore?.();
    this.restore = null;
  }

  /** Runs one hot path with its name on every statement it sends. */
  async during(hotPath: string, act: () => Promise<void>): Promise<void> {
    this.hotPath = hotPath;
    try {
      await act();
    } finally {
      this.hotPath = 'between hot paths';
    }
  }

  private record(args: unknown[], stack: string): void {
    const [first, second] = args;
    const config = typeof first === 'string' ? { text: first, values: second } : (first as { text?: string; values?: unknown } | undefined);
    if (!config?.text) return;
    const carried = first && typeof first === 'object' ? this.origins.get(first) : undefined;
    const origin = carried ?? originOf(stack) ?? 'unattributed';
    const values = Array.isArray(config.values) ? config.values : [];
    this.statements.push({ origin, hotPath: this.hotPath, text: config.text, stringValues: values.filter((v): v is string => typeof v === 'string') });
  }
}

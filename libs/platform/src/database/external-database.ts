import pg from 'pg';

const REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused (is PostgreSQL running and listening there?)',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  '28P01': 'password authentication failed',
  '28000': 'authentication refused',
  '3D000': 'database does not exist',
};

/** host:port/database of a postgres:// URL, without user or password (safe to print). */
export function describeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || 5432}${u.pathname || '/'}`;
  } catch {
    return '(unparsable URL)';
  }
}

/**
 * Connects once to DATABASE_URL before anything else uses it, so an unreachable or refused database stops the start
 * with one line naming the variable, the host and the reason (issue 25) instead of a driver stack trace.
 */
export async function probeExternalDatabase(url: string, timeoutMs = 10_000): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined); // a server dying right after connect: reported by the query below
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (err) {
    const e = err as { code?: string; message?: string; errors?: Array<{ code?: string }> };
    const code = e.code ?? e.errors?.[0]?.code;
    const reason = (code && REASONS[code]) ?? (e.message || code || 'unknown error');
    throw new Error(`DATABASE_URL: cannot use the database at ${describeDatabaseUrl(url)}: ${reason}${code ? ` [${code}]` : ''}`, { cause: err });
  } finally {
    await client.end().catch(() => undefined);
  }
}

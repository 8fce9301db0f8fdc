// Connection-level failures: the server is down, restarting or recovering (SQLSTATE class 08, 57P01–57P03),
// or the socket broke. Not the request's fault and not a bug: the API answers 503 with Retry-After.
const UNAVAILABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', '57P01', '57P02', '57P03']);
const UNAVAILABLE_MESSAGE =
  /Connection terminated|terminating connection|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable|the database system is (starting up|shutting down|in recovery mode)/i;

/** True when `err` (or the driver error / cause it wraps) says the database cannot be reached right now. */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (UNAVAILABLE_CODES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  // A FATAL or PANIC from the server ends the session: the connection, not the statement, failed.
  const severity = (e as { severity?: unknown }).severity;
  if (severity === 'FATAL' || severity === 'PANIC') return true;
  // TypeORM releases a transaction's connection when the socket dies; the transaction's next statement then
  // fails with this instead of the socket error (seen in test/reliability/database-crash.spec.ts).
  const name = (e as { name?: unknown }).name;
  if (name === 'QueryRunnerProviderAlreadyReleasedError' || name === 'QueryRunnerAlreadyReleasedError') return true;
  if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((x) => isDatabaseUnavailable(x, depth + 1))) return true;
  return isDatabaseUnavailable(e.driverError, depth + 1) || isDatabaseUnavailable(e.cause, depth + 1);
}

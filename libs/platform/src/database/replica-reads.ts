import type pg from 'pg';
import type { DataSource } from 'typeorm';
import { leaseScope, type ReadReplicas, registerReplicas, replicasOf } from './read-replicas.js';
import { isDatabaseUnavailable } from './unavailable.js';

/**
 * Whole requests on a replica (issue 22: public register and statistics; docs/scale.md). The public card and
 * search read through four contexts' facades (enterprises, grading, blacklist, credit records), each with its own
 * `DataSource.query` calls; rather than teach every facade about replicas, `readOnReplica` marks the request's
 * async scope, and the request DataSource hands out connections of the leased replica while that scope is open.
 * One replica per request, so all its reads see one WAL position (a grade and a listing never from two moments).
 *
 * Only for read-only work: a write inside the scope would fail on the standby (read-only transaction) and the
 * whole read is then run again on the primary, so a mistake costs time, never a wrong answer or a 5xx.
 */
interface Driver {
  obtainMasterConnection(): Promise<[pg.PoolClient, (err?: unknown) => void]>;
}

/** Installs `replicas` for `db`: checks (PreparedStatement), commits (the fence) and `readOnReplica` scopes. */
export function routeReads(db: DataSource, replicas: ReadReplicas): void {
  registerReplicas(db, replicas);
  const driver = db.driver as unknown as Driver;
  const onPrimary = driver.obtainMasterConnection.bind(driver);
  driver.obtainMasterConnection = async () => {
    const at = leaseScope.getStore();
    const client = at?.db === db && at.lease.open ? await replicas.connect(at.lease) : null;
    return client ? [client, (err?: unknown) => client.release(err as Error | undefined)] : onPrimary();
  };
}

/** SQLSTATEs after which a read on a replica is tried again on the primary. */
const RETRY_ON_PRIMARY = new Set([
  '40001', // canceling statement due to conflict with recovery (a hot standby replaying a vacuum)
  '25006', // read-only transaction: a write slipped into a read scope
]);

const pgCode = (err: unknown): string | undefined => {
  const e = err as { code?: string; driverError?: { code?: string } };
  return e?.driverError?.code ?? e?.code;
};

/**
 * Runs the read-only `work` on one replica in rotation when DATABASE_READ_URLS is set, else (or when none is in
 * rotation) on the primary. Commits made through `inTransaction` are on every replica in rotation before their
 * answer (the fence), so an audited write is seen here as on the primary. `fresh`: the work also depends on
 * writes the fence does not cover (the check log, flushed just before): wait until the replica has replayed the
 * primary's current position, or read on the primary if it does not within QCR_REPLICA_MAX_LAG_MS. A replica
 * failing under the read is taken out and the work run again on the primary: never a 5xx for a replica.
 */
export async function readOnReplica<T>(db: DataSource, work: () => Promise<T>, opts: { fresh?: boolean } = {}): Promise<T> {
  const replicas = replicasOf(db);
  const lease = replicas?.lease();
  if (!replicas || !lease) return work();
  if (opts.fresh && !(await replicas.caughtUp(lease))) return work();
  try {
    return await leaseScope.run({ db, lease }, work);
  } catch (err) {
    if (!lease.used) throw err;
    const code = pgCode(err);
    if (isDatabaseUnavailable(err)) replicas.failed(lease, err);
    else if (!code || !RETRY_ON_PRIMARY.has(code)) throw err;
    lease.open = false;
    return work(); // outside the scope: on the primary
  } finally {
    lease.open = false;
  }
}

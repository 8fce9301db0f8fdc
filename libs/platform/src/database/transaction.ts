import type { DataSource, EntityManager } from 'typeorm';
import { replicasOf } from './read-replicas.js';

/**
 * Explicit transaction helper; callers see exactly what runs atomically. With read replicas, the caller
 * resumes only once every replica serving checks has replayed the commit (read-replicas.ts), so an answer
 * given after a write never comes from a replica that has not seen it.
 */
export async function inTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  const result = await dataSource.transaction(work);
  await replicasOf(dataSource)?.fence();
  return result;
}

/** True when the error is a PostgreSQL constraint error with the given SQLSTATE. */
export function isPgError(err: unknown, sqlState: string, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string; driverError?: { code?: string; constraint?: string } };
  const code = e?.driverError?.code ?? e?.code;
  const name = e?.driverError?.constraint ?? e?.constraint;
  return code === sqlState && (constraint === undefined || name === constraint);
}

export const PG = {
  uniqueViolation: '23505',
  exclusionViolation: '23P01',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  serializationFailure: '40001',
} as const;

export { isDatabaseUnavailable } from './unavailable.js';

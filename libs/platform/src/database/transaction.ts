import type { DataSource, EntityManager } from 'typeorm';

/** Explicit transaction helper; callers see exactly what runs atomically. */
export function inTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return dataSource.transaction(work);
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

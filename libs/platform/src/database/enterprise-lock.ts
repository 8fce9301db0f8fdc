/**
 * Serialises the writes that change an enterprise's grade inputs and regrade it (two record writes at once must not
 * both open a grade row). Grading owns the rule; it lives here so a publisher can take the lock inside a statement it
 * already makes (a listing decision reads its listing FOR UPDATE and takes it in the same round trip, issue 21), and
 * then tells the subscriber it holds it.
 */
export const ENTERPRISE_GRADE_LOCK = 7_305_001;

/** The lock as a SQL expression over a parameter or column holding the enterprise id (text or uuid). */
export function enterpriseGradeLockSql(enterpriseId: string): string {
  return `pg_advisory_xact_lock(${ENTERPRISE_GRADE_LOCK}, hashtext((${enterpriseId})::text))`;
}

/** Which enterprises' grade locks a transaction (its EntityManager) took inside one of its own statements. */
const held = new WeakMap<object, Set<string>>();

/** The caller's statement took enterpriseGradeLockSql for this enterprise in this transaction. */
export function markEnterpriseGradeLocked(em: object, enterpriseId: string): void {
  const set = held.get(em) ?? new Set<string>();
  set.add(enterpriseId);
  held.set(em, set);
}

/** True when this transaction already holds the enterprise's grade lock (taking it again would be a wasted round trip). */
export function holdsEnterpriseGradeLock(em: object, enterpriseId: string): boolean {
  return held.get(em)?.has(enterpriseId) ?? false;
}

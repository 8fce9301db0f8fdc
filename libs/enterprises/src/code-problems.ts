import { parseEnterpriseCode } from '#qcr/identifiers';
import { problem, type ProblemException } from '#qcr/platform';
import { EnterpriseProblems } from './enterprises.problems.js';

/**
 * The 400 a lookup by a malformed code answers, the same on every route (public and staff, issue 14):
 * `ENTERPRISE.INVALID_CODE` naming the rule (length, alphabet, uscc_check, org_check), the position,
 * the expected and the given character. Null when the code is well formed (then "not found" is the
 * honest answer). Callers ask only after the lookup missed, so a registered documented exception
 * (DOMAIN.md §3: a legacy code failing its check) still resolves.
 */
export function invalidCodeProblem(raw: string, field = 'code'): ProblemException | null {
  const parsed = parseEnterpriseCode(raw);
  if (parsed.ok) return null;
  const { rule, message, position, expected, given } = parsed;
  return problem(EnterpriseProblems.invalidCode, message, [{ field, rule, message }], { rule, position, expected, given });
}

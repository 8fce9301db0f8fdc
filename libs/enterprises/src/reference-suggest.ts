/**
 * The nearest valid codes for an unknown one (issue 14: errors that help). "Nearest" means the
 * longest shared prefix first — a GB/T 2260 code reads province (2) → prefecture (4) → county (6),
 * a GB/T 4754 code section letter → division (2 digits) → group (3) → class (4) — then the
 * numerically closest within that prefix, at the same level (same length). Pure, so the table in reference-suggest.spec.ts pins it.
 */
export function nearestCodes(given: string, known: Iterable<string>, limit = 5): string[] {
  const scored: { code: string; prefix: number; distance: number }[] = [];
  for (const code of known) {
    if (code.length !== given.length) continue; // same level: a county for a county, a class for a class
    let prefix = 0;
    while (prefix < given.length && prefix < code.length && given[prefix] === code[prefix]) prefix++;
    if (prefix === 0) continue;
    scored.push({ code, prefix, distance: Math.abs(numeric(code) - numeric(given)) });
  }
  scored.sort((a, b) => b.prefix - a.prefix || a.distance - b.distance || a.code.localeCompare(b.code));
  const best = scored[0]?.prefix ?? 0;
  return scored
    .filter((s) => s.prefix === best)
    .slice(0, limit)
    .map((s) => s.code);
}

const numeric = (code: string) => Number(code.replace(/^[A-Z]/, '').padEnd(6, '0')) || 0;

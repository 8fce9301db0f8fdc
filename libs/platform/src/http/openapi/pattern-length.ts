/**
 * The longest string an anchored pattern matches (`^\d{6}$` → 6), or undefined when it is unbounded
 * (`*`, `+`, `{m,}`) or not anchored. Lets the document state maxLength beside a pattern the pipe
 * enforces, without writing the number twice (issue 19). Handles the patterns our DTOs use: escapes,
 * classes, groups, alternation and the ?, {n}, {m,n} quantifiers.
 */
export function maxMatchLength(source: string): number | undefined {
  if (!source.startsWith('^') || !source.endsWith('$')) return undefined;
  const body = source.slice(1, -1);
  const [length, end] = sequence(body, 0);
  return end === body.length && Number.isFinite(length) ? length : undefined;
}

/** Max length of the alternation starting at i; stops at an unmatched ')'. */
function sequence(s: string, i: number): [number, number] {
  let best = 0;
  let current = 0;
  while (i < s.length && s[i] !== ')') {
    if (s[i] === '|') {
      best = Math.max(best, current);
      current = 0;
      i++;
      continue;
    }
    let atom: number;
    if (s[i] === '\\') {
      atom = 1;
      i += 2;
    } else if (s[i] === '[') {
      i = classEnd(s, i);
      atom = 1;
    } else if (s[i] === '(') {
      const inner = s.startsWith('(?:', i) ? i + 3 : i + 1;
      const [length, end] = sequence(s, inner);
      atom = length;
      i = end + 1;
    } else {
      atom = 1;
      i++;
    }
    const [times, next] = quantifier(s, i);
    current += atom * times;
    i = next;
  }
  return [Math.max(best, current), i];
}

function classEnd(s: string, i: number): number {
  let j = i + 1;
  while (j < s.length && s[j] !== ']') j += s[j] === '\\' ? 2 : 1;
  return j + 1;
}

function quantifier(s: string, i: number): [number, number] {
  if (s[i] === '?') return [1, i + 1];
  if (s[i] === '*' || s[i] === '+') return [Infinity, i + 1];
  const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(i));
  if (!m) return [1, i];
  const max = m[2] === undefined ? Number(m[1]) : m[3] ? Number(m[3]) : Infinity;
  return [max, i + m[0].length];
}

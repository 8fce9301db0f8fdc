/**
 * A grading model against another, field by field (issue 16): arrays of rules are keyed by what names them (an
 * indicator by its category, a threshold or progression rule by its grade, a cap by its id), so moving a rule in
 * the file is no change and a changed rule reads as "indicator sampling_failed · points: -10 → -12".
 */
const KEYS = ['category', 'grade', 'id'];

function flatten(value, path, out) {
  if (Array.isArray(value)) {
    const key = value.length && value.every((v) => v && typeof v === 'object') ? KEYS.find((k) => value.every((v) => v[k] !== undefined)) : undefined;
    if (!key) {
      out.set(path.join('.'), { path, value: value.join(', ') });
      return out;
    }
    for (const item of value) flatten(item, [...path, `[${item[key]}]`], out);
    return out;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (!k.startsWith('$')) flatten(v, [...path, k], out);
    return out;
  }
  out.set(path.join('.'), { path, value: value === null ? '∅' : String(value) });
  return out;
}

/** [{ path: string[], from, to }] — `from`/`to` undefined where a field was added/removed. */
export function modelDiff(active, candidate) {
  const a = flatten(active, [], new Map());
  const b = flatten(candidate, [], new Map());
  const rows = [];
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const from = a.get(key)?.value;
    const to = b.get(key)?.value;
    if (from !== to) rows.push({ path: (a.get(key) ?? b.get(key)).path, from, to });
  }
  return rows;
}

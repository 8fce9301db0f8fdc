import { AUTHORITY_LEVELS, type AuthorityLevel } from '#qcr/platform';
import type { AuthorityInput } from './authority.types.js';

export const AUTHORITY_CSV_COLUMNS = ['code', 'name', 'level', 'region_code', 'parent'] as const;

export interface AuthorityCsvRow {
  line: number;
  input: AuthorityInput;
}
export interface AuthorityCsvError {
  line: number;
  field: string;
  rule: string;
  message: string;
}

/** Splits one CSV line; double-quoted fields may hold commas and "" for a quote. */
function fields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

/**
 * Authorities CSV (UTF-8, header `code,name,level,region_code,parent`): one authority per row, parents before
 * children (the loader writes rows in order). Rows with a bad field are reported by line and field; the others load.
 */
export function parseAuthoritiesCsv(text: string): { rows: AuthorityCsvRow[]; errors: AuthorityCsvError[]; missingColumns: string[] } {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = fields(lines[0] ?? '').map((h) => h.toLowerCase());
  const missingColumns = AUTHORITY_CSV_COLUMNS.filter((c) => !header.includes(c));
  const rows: AuthorityCsvRow[] = [];
  const errors: AuthorityCsvError[] = [];
  if (missingColumns.length) return { rows, errors, missingColumns };
  const at = (f: string[], c: string) => f[header.indexOf(c)] ?? '';
  lines.slice(1).forEach((raw, i) => {
    const line = i + 2;
    if (!raw.trim()) return;
    const f = fields(raw);
    const bad = (field: string, rule: string, message: string) => errors.push({ line, field, rule, message });
    const code = at(f, 'code');
    const level = at(f, 'level');
    const regionCode = at(f, 'region_code');
    const name = at(f, 'name');
    const before = errors.length;
    if (!/^[a-z0-9][a-z0-9_-]{1,63}$/.test(code)) bad('code', 'pattern', '2–64 lower-case letters, digits, _ -');
    if (!name || name.length > 200) bad('name', 'length', '1–200 characters');
    if (!(AUTHORITY_LEVELS as readonly string[]).includes(level)) bad('level', 'isIn', AUTHORITY_LEVELS.join(', '));
    if (!/^\d{6}$/.test(regionCode)) bad('region_code', 'pattern', '6 digits (GB/T 2260)');
    if (errors.length === before) rows.push({ line, input: { code, name, level: level as AuthorityLevel, regionCode, parent: at(f, 'parent') || null } });
  });
  return { rows, errors, missingColumns };
}

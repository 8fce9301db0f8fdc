import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { format } from 'sql-formatter';
import type { IssuedStatement } from './sql-capture.js';

/** Where the committed snapshots live: one `.sql` file per issuing source file, `<lib>/<path under src>.sql`. */
export const SNAPSHOT_DIR = 'test/sql-snapshots';

/** Transaction control says nothing about a query's shape; TypeORM sends it around every `inTransaction`. */
const TRANSACTION_CONTROL = /^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK TO SAVEPOINT)\b/i;

const PLACEHOLDER = String.raw`\$\d+(?:::[a-z_ ]+(?:\[\])?)?`;
/** `IN ($3, $4, $5)`: a list of placeholders built by the number of items. */
const IN_LIST = new RegExp(String.raw`\bIN\s*\(\s*(${PLACEHOLDER})(?:\s*,\s*${PLACEHOLDER})+\s*\)`, 'gi');
/** `VALUES ($1, $2), ($3, $4)`: rows of placeholders built by the number of rows. */
const VALUES_ROWS = new RegExp(String.raw`\bVALUES\s*(\((?:\s*${PLACEHOLDER}\s*,?)+\))(?:\s*,\s*\((?:\s*${PLACEHOLDER}\s*,?)+\))+`, 'gi');
const UUID = /[0-9a-f]{8}[-_]?[0-9a-f]{4}[-_]?[0-9a-f]{4}[-_]?[0-9a-f]{4}[-_]?[0-9a-f]{12}/gi;

/**
 * One statement in a stable spelling: whitespace collapsed, and the parts that vary per call made constant — a
 * placeholder list built by length (`IN ($3, $4, $5)`, `VALUES ($1, $2), ($3, $4)`) keeps its first item or row and
 * marks the rest with a comment the formatter keeps; a uuid in a name (a savepoint, a temporary table) becomes `uuid`.
 * A fixed single-row `VALUES ($1, …, $9)` is left as written: its placeholders are the statement's shape.
 */
export function normaliseSql(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(UUID, 'uuid').replace(IN_LIST, 'IN ($1 /* , … */)').replace(VALUES_ROWS, 'VALUES $1 /* , … */');
}

/** Readable layout for review; a statement the formatter cannot parse is kept on one line rather than failing the suite. */
export function layoutSql(sql: string): string {
  try {
    return format(sql, { language: 'postgresql', keywordCase: 'preserve', tabWidth: 2, linesBetweenQueries: 1 });
  } catch {
    return sql;
  }
}

export function isSnapshotted(text: string): boolean {
  return !TRANSACTION_CONTROL.test(text.trim());
}

/**
 * file path (under SNAPSHOT_DIR) → its content: statements sorted by their text, each once, with the hot path that first
 * sent it. A file in `background` runs on its own timer, at moments no hot path controls: its statements are labelled
 * with the worker instead.
 */
export function renderSnapshots(statements: IssuedStatement[], hotPathOrder: string[], background: Record<string, string> = {}): Map<string, string> {
  const rank = (p: string) => (hotPathOrder.includes(p) ? hotPathOrder.indexOf(p) : hotPathOrder.length);
  const byOrigin = new Map<string, Map<string, Set<string>>>();
  for (const s of statements) {
    if (!isSnapshotted(s.text)) continue;
    const sql = normaliseSql(s.text);
    const file = byOrigin.get(s.origin) ?? new Map<string, Set<string>>();
    byOrigin.set(s.origin, file);
    file.set(sql, (file.get(sql) ?? new Set()).add(background[s.origin] ?? s.hotPath));
  }
  const files = new Map<string, string>();
  for (const [origin, sqls] of [...byOrigin].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // The first hot path (in the order they are driven) is stable; later ones depend on cache expiry (key and session caches).
    const first = (paths: Set<string>) => [...paths].sort((a, b) => rank(a) - rank(b))[0] ?? '';
    const entries = [...sqls].map(([sql, paths]) => ({ sql, path: first(paths) })).sort((a, b) => (a.sql < b.sql ? -1 : a.sql > b.sql ? 1 : 0));
    const paths = [...new Set(entries.map((e) => e.path))].sort((a, b) => rank(a) - rank(b));
    const [lib, ...path] = origin.split('/');
    const source = origin === 'unattributed' ? 'no file under libs/ (see the hot path)' : `libs/${lib}/src/${path.join('/')}.ts`;
    const header = [
      `-- SQL sent by ${source} on the hot paths of test/architecture/sql-snapshots.spec.ts.`,
      '-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).',
      '-- Hot paths:',
      ...paths.map((p) => `--   ${p}`),
    ];
    const body = entries.map((e) => `-- first sent by: ${e.path}\n${layoutSql(e.sql).trimEnd()}${e.sql.endsWith(';') ? '' : ';'}`);
    files.set(`${origin}.sql`, `${[header.join('\n'), ...body].join('\n\n')}\n`);
  }
  return files;
}

/** Every committed snapshot file, relative to SNAPSHOT_DIR. */
export function committedSnapshots(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.sql')) files.set(relative(SNAPSHOT_DIR, full), readFileSync(full, 'utf8'));
    }
  };
  walk(SNAPSHOT_DIR);
  return files;
}

/** Replaces the committed snapshots with the generated ones (stale files removed). */
export function writeSnapshots(files: Map<string, string>): void {
  rmSync(SNAPSHOT_DIR, { recursive: true, force: true });
  for (const [file, content] of files) {
    const full = join(SNAPSHOT_DIR, file);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** A line diff (longest common subsequence) of two texts: ` ` kept, `-` committed only, `+` generated only, context trimmed. */
export function lineDiff(committed: string, generated: string, context = 3): string {
  const a = committed.split('\n');
  const b = generated.split('\n');
  // lcs(i, j): the longest common subsequence of a[i..] and b[j..], in one flat table
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  const lcs = (i: number, j: number) => table[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--) table[i * width + j] = a[i] === b[j] ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1));
  const lines: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push(`  ${a[i++] ?? ''}`);
      j++;
    } else if (j < b.length && (i === a.length || lcs(i, j + 1) >= lcs(i + 1, j))) lines.push(`+ ${b[j++] ?? ''}`);
    else lines.push(`- ${a[i++] ?? ''}`);
  }
  const near = (k: number) => lines.slice(Math.max(0, k - context), k + context + 1).some((l) => !l.startsWith(' '));
  return lines
    .map((l, k) => (near(k) ? l : null))
    .reduce<string[]>((out, l) => (l === null ? (out.at(-1) === '  …' ? out : [...out, '  …']) : [...out, l]), [])
    .join('\n');
}

/** A readable report of what differs between the committed and the generated snapshots; empty when they agree. */
export function snapshotDiff(committed: Map<string, string>, generated: Map<string, string>): string {
  const names = [...new Set([...committed.keys(), ...generated.keys()])].sort();
  const parts: string[] = [];
  for (const name of names) {
    const before = committed.get(name);
    const after = generated.get(name);
    if (before === after) continue;
    if (before === undefined) parts.push(`new file ${SNAPSHOT_DIR}/${name}:\n${after}`);
    else if (after === undefined) parts.push(`no longer issues SQL on a hot path: ${SNAPSHOT_DIR}/${name}`);
    else parts.push(`${SNAPSHOT_DIR}/${name}:\n${lineDiff(before, after)}`);
  }
  return parts.join('\n\n');
}

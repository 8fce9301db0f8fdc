import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './load-runner.js';
import { fmt } from './stats.js';

export type Verdict = 'pass' | 'fail' | 'report' | 'not available';

export interface Row {
  scenario: string;
  figure: string;
  baseline: string;
  ratio: string;
  target: string;
  verdict: Verdict;
  /** raw numbers for the JSON file */
  data?: Record<string, unknown>;
}

export function notAvailable(scenario: string, why: string, target = '—'): Row {
  return { scenario, figure: `not available: ${why}`, baseline: '—', ratio: '—', target, verdict: 'not available' };
}

export function ratioText(r: number): string {
  return Number.isFinite(r) ? `${fmt(r, 2)}×` : '—';
}

export function markdownTable(rows: Row[]): string {
  const head = '| Scenario | Figure | Baseline | Ratio | Target | Result |\n|---|---|---|---|---|---|';
  const body = rows.map((r) => `| ${[r.scenario, r.figure, r.baseline, r.ratio, r.target, r.verdict].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  return [head, ...body].join('\n');
}

export function writeResults(dir: string, meta: Record<string, unknown>, rows: Row[]): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ meta, rows }, null, 2));
  return file;
}

export function errorsNote(f: LoadResult): string {
  return f.non2xx + f.errors > 0 ? ` (${f.non2xx} non-2xx, ${f.errors} errors of ${f.total})` : '';
}

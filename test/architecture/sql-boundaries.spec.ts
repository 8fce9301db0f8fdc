import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * The boundary dependency-cruiser cannot see (issue 23): a context's SQL naming another context's schema. Each context
 * owns one schema; another context's SQL may name only what that schema publishes for it — the read functions and
 * views in docs/contracts.md. Migrations are outside this check (the statistics views and one-time data migrations
 * read other schemas at migration time, docs/contracts.md); so are generated files and specs.
 */
const root = process.cwd();

/** lib folder → the schema it owns */
const SCHEMA_OF: Record<string, string> = {
  access: 'access',
  audit: 'audit',
  blacklist: 'blacklist',
  changes: 'changes',
  'credit-records': 'credit',
  enterprises: 'enterprises',
  grading: 'grading',
  'joint-measures': 'measures',
  platform: 'platform',
  statistics: 'statistics',
};

/** What each schema publishes to other contexts' SQL (docs/contracts.md, "published SQL reads"). */
const PUBLISHED = new Set([
  'enterprises.resolve_code',
  'enterprises.officers_on',
  'enterprises.register',
  'enterprises.register_estimate',
  'grading.grade_on',
  'blacklist.listings_on',
  'blacklist.person_listings_on',
  'blacklist.in_force_on',
  'blacklist.in_force_until',
  'blacklist.status_on',
]);

/**
 * Leaks known when this check was written, in code other developers own (listed by file, so a new leak anywhere fails,
 * and a fixed one must be struck from here): the change outbox and extracts (libs/changes) read the enterprises table
 * and the agencies; the person check reads the persons table by digest; grading's history rebuild and inspection
 * plans read the enterprises table. Each is to move onto a published read like enterprises.register.
 */
const KNOWN_LEAKS = new Set([
  'libs/changes/src/outbox/answers.sql.ts enterprises.enterprises',
  'libs/changes/src/extracts/extracts.service.ts enterprises.enterprises',
  'libs/changes/src/webhooks/webhooks.repository.ts access.agencies',
  'libs/joint-measures/src/checks/person-reads.ts enterprises.persons',
  'libs/grading/src/history-rebuild/history-rebuild.service.ts enterprises.enterprises',
  'libs/grading/src/inspection-plans.service.ts enterprises.enterprises',
]);

const SQL = /\b(SELECT|INSERT|UPDATE|DELETE|FROM|JOIN)\b/;
const STRINGS = /`(?:\\[\s\S]|[^`\\])*`|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"/g;
const NAME = new RegExp(`\\b(${Object.values(SCHEMA_OF).join('|')})\\.([a-z_][a-z0-9_]*)\\b`, 'g');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'migrations' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.spec.ts') && !e.name.endsWith('.generated.ts') ? [path] : [];
  });
}

/** `file schema.name` for every other context's schema object named in an SQL string of a lib's source. */
function crossSchemaNames(): string[] {
  const found = new Set<string>();
  for (const [lib, own] of Object.entries(SCHEMA_OF)) {
    for (const file of sourceFiles(join(root, 'libs', lib, 'src'))) {
      const source = readFileSync(file, 'utf8');
      for (const literal of source.match(STRINGS) ?? []) {
        const sql = literal.replace(/\$\{[^}]*\}/g, ' '); // interpolated TypeScript is code, not SQL
        if (!SQL.test(sql)) continue;
        for (const [, schema, name] of sql.matchAll(NAME)) {
          if (schema !== own) found.add(`${relative(root, file)} ${schema}.${name}`);
        }
      }
    }
  }
  return [...found].sort();
}

const leaks = () => crossSchemaNames().filter((n) => !PUBLISHED.has(n.split(' ')[1] ?? '') && !KNOWN_LEAKS.has(n));

describe('SQL boundaries: a context names another schema only through what it publishes', () => {
  it('finds no cross-schema read outside the published functions and views', () => {
    expect(leaks()).toEqual([]);
  });

  it('keeps the list of known leaks honest: each is still there', () => {
    const names = new Set(crossSchemaNames());
    expect([...KNOWN_LEAKS].filter((l) => !names.has(l))).toEqual([]);
  });

  it('fails on a planted query of another context’s table', () => {
    const probe = join(root, 'libs', 'blacklist', 'src', 'zz-sql-boundary-probe.ts');
    writeFileSync(probe, 'export const probe = `SELECT name FROM enterprises.enterprises WHERE id = $1`;\n');
    try {
      expect(leaks()).toEqual(['libs/blacklist/src/zz-sql-boundary-probe.ts enterprises.enterprises']);
    } finally {
      rmSync(probe, { force: true });
    }
  });

  it('accepts the published reads, and the context’s own tables', () => {
    const probe = join(root, 'libs', 'grading', 'src', 'zz-sql-boundary-probe.ts');
    writeFileSync(probe, 'export const probe = `SELECT g.grade, r.name FROM grading.grades g JOIN enterprises.register r ON r.id = g.enterprise_id`;\n');
    try {
      expect(leaks()).toEqual([]);
    } finally {
      rmSync(probe, { force: true });
    }
  });
});

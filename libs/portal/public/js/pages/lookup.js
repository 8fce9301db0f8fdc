/* global FormData */
import { api, ApiError, qs } from '../api.js';
import { facts, h, message, mount, table } from '../dom.js';
import { label, t } from '../i18n.js';
import { checkCode } from '../codes.js';
import { errorBox } from '../session-ui.js';
import { publishedRecords } from './public-records.js';

// Looks like a code (USCC 18 / org code 9, hyphen or full-width allowed) rather than a name.
const CODE_LIKE = /^[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\-\uFF0D\s]{8,24}$/;

/** 公开查询: anyone, no login. Published grade and published listings only; no personal data. */
export async function lookupPage(app, { params, go }) {
  const q = params.get('q') ?? '';
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? '']));
  const result = h('div#lookup-result');
  const submit = (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    go('lookup', Object.fromEntries([['q', String(data.get('q')).trim()], ...FILTERS.map((f) => [f, String(data.get(f) ?? '').trim()])].filter(([, v]) => v)));
  };
  const form = h(
    'form.search#lookup-form',
    { onsubmit: submit },
    h('input', { name: 'q', type: 'search', value: q, placeholder: t('lookup.placeholder'), 'aria-label': t('lookup.hint'), autofocus: true }),
    h('button', { type: 'submit' }, t('search')),
    searchFilters(filters),
  );
  mount(app, h('section.page', {}, h('h1', {}, t('lookup.title')), h('p.muted', {}, t('lookup.hint')), form, result, gradeLegend()));
  if (!q && !FILTERS.some((f) => filters[f])) return;
  mount(result, h('p.muted', {}, t('loading')));
  try {
    if (CODE_LIKE.test(q) && /\d/.test(q)) await showByCode(result, q);
    else await showByName(result, q, params, filters);
  } catch (err) {
    mount(result, errorBox(err));
  }
}

// Filters of the public search (GET /api/v1/public/enterprises): region (GB/T 2260), industry (GB/T 4754), grade.
const FILTERS = ['region', 'industry', 'grade'];

function searchFilters(f) {
  return h('div.filters#lookup-filters', {},
    h('label', {}, t('filter.region'), h('input', { name: 'region', value: f.region, inputmode: 'numeric', pattern: '\\d{6}', placeholder: '350200', size: 8 })),
    h('label', {}, t('filter.industry'), h('input', { name: 'industry', value: f.industry, pattern: '[A-Ta-t](\\d{2,4})?', placeholder: 'C / C13', size: 6 })),
    h('label', {}, t('lookup.grade'),
      h('select', { name: 'grade' }, ['', 'AAA', 'AA', 'A', 'B', 'C', 'D', 'none'].map((g) => h('option', { value: g, selected: g === f.grade }, g === '' ? t('filter.any') : g === 'none' ? t('lookup.notGraded') : g)))),
  );
}

async function showByCode(target, code) {
  let enterprise;
  try {
    enterprise = await api(`/api/v1/public/enterprises/${encodeURIComponent(code)}`);
  } catch (err) {
    const invalid = invalidCode(err, code);
    if (invalid) return mount(target, invalid);
    if (err instanceof ApiError && err.status === 404) return mount(target, message('warn', t('lookup.notFound', { q: code })));
    throw err;
  }
  mount(target, enterpriseCard(enterprise));
}

const PAGE_SIZE = 20;

/** A card's own address: a real link (open in a new tab, copy, share), not a script-only '#'. */
const cardHref = (e) => `#/lookup${qs({ q: e.uscc ?? e.orgCode })}`;

async function showByName(target, name, params, filters) {
  const cursor = params?.get('cursor') ?? '';
  const pageNo = Number(params?.get('page') ?? '1') || 1;
  const here = Object.fromEntries(Object.entries({ q: name, ...filters }).filter(([, v]) => v));
  const page = await api(`/api/v1/public/enterprises${qs({ ...here, limit: PAGE_SIZE, cursor })}`);
  const items = page.items ?? [];
  if (!items.length) return mount(target, message('warn', name ? t('lookup.noMatches', { q: name }) : t('lookup.noFiltered')));
  // One match on the first page: the full card (record, grade, listings in force) by its code.
  if (items.length === 1 && !cursor && !page.nextCursor) return showByCode(target, items[0].uscc ?? items[0].orgCode);
  const from = (pageNo - 1) * PAGE_SIZE + 1;
  const range = t('lookup.range', { from, to: from + items.length - 1 });
  // a grade filter is answered by scanning (the grade is another context's), so only the page is counted
  const count = page.totalKnown === false ? range : `${t(page.totalCapped ? 'lookup.matchesMore' : 'lookup.matches', { n: page.total })}，${range}`;
  mount(
    target,
    h('p#lookup-count', {}, count),
    table(
      [
        { label: t('field.name'), cell: (e) => h('a', { href: cardHref(e), target: '_blank', rel: 'noopener' }, e.name) },
        { label: t('field.uscc'), cell: (e) => e.uscc ?? e.orgCode },
        { label: t('field.region'), cell: (e) => e.regionName ?? e.regionCode ?? '' },
        { label: t('field.status'), cell: (e) => label(e.statusName) || e.status },
        { label: t('lookup.grade'), cell: (e) => gradeBadge(e.listed ? { grade: 'D' } : e.grade) },
      ],
      items,
      { class: 'data cards', attrs: { id: 'lookup-matches' } },
    ),
    h('nav.pager', { 'aria-label': t('lookup.pages') },
      pageNo > 1 ? h('a#page-first', { href: `#/lookup${qs(here)}` }, t('lookup.firstPage')) : null,
      page.nextCursor ? h('a#page-next', { href: `#/lookup${qs({ ...here, cursor: page.nextCursor, page: pageNo + 1 })}` }, t('lookup.nextPage')) : null,
    ),
  );
}

/** The published grade as a coloured badge; "not graded" when the enterprise has none yet. */
function gradeBadge(grade) {
  if (!grade?.grade) return h('span.muted', {}, t('lookup.notGraded'));
  return h(`span.grade.grade-${grade.grade}`, { title: grade.overridden ? t('lookup.overridden') : '' }, grade.grade);
}

/** AAA–D: what each grade means and how often such enterprises are inspected (DOMAIN §6 defaults). */
function gradeLegend() {
  return h('details.card.grade-legend#grade-legend', {},
    h('summary', {}, t('legend.title')),
    h('dl.legend', {}, ['AAA', 'AA', 'A', 'B', 'C', 'D'].map((g) => [h('dt', {}, h(`span.grade.grade-${g}`, {}, g)), h('dd', {}, t(`legend.${g}`))])),
  );
}

/** A listing in force means grade D whatever was last computed (DOMAIN §6 hard cap: an active listing → D). */
function shownGrade(grade, listings) {
  if (listings.length && grade?.grade !== 'D') return { grade: 'D', validFrom: listings[0].startDate, listed: true };
  return grade ? { ...grade, listed: listings.length > 0 } : null;
}

/** The red banner a listed enterprise's card opens with: the list, the decision and its dates. */
function listedBanner(listings) {
  return h('div.listed-banner#listed-banner', { role: 'alert' },
    h('strong', {}, t('lookup.listedBanner')),
    listings.map((l) => h('div', {}, `${label(l.listTypeName)} · ${l.decisionNumber} · ${l.startDate} – ${l.plannedEndDate}`)),
  );
}

/** The public card: record, published grade (GET /api/v1/public/enterprises/{code} carries both) and listings in force. */
export function enterpriseCard(e) {
  const listings = e.listings ?? [];
  const grade = shownGrade(e.grade, listings);
  const gradeBlock = grade?.grade
    ? h(
        'div.grade-block',
        {},
        h(`span.grade.grade-${grade.grade}`, { id: 'public-grade' }, grade.grade),
        h('span.muted#public-grade-date', {}, `${t('lookup.gradeDate')} ${grade.validFrom ?? ''}`),
        grade.listed ? h('span.small#public-grade-reason', {}, t('lookup.gradeListed')) : null,
        grade.overridden ? h('span.muted', {}, t('lookup.overridden')) : null,
      )
    : h('div.grade-block', {}, h('span.muted#public-grade', {}, t('lookup.notGraded')));
  return h(
    'article.card.enterprise-card#enterprise-card',
    {},
    listings.length ? listedBanner(listings) : null,
    h('header', {}, h('h2', {}, e.name), gradeBlock),
    facts([
      [t('field.uscc'), e.uscc],
      [t('field.orgCode'), e.orgCode],
      [t('field.region'), e.regionName ? `${e.regionName}（${e.regionCode}）` : e.regionCode],
      [t('field.industry'), e.industryName ? `${label(e.industryName)}（${e.industryCode}）` : e.industryCode],
      [t('field.status'), label(e.statusName) || e.status],
      [t('field.registeredOn'), e.registeredOn],
      [t('field.formerNames'), (e.formerNames ?? []).map((f) => `${f.name}（${f.from ?? '…'}–${f.until}）`).join('；')],
    ]),
    h('h3', {}, t('lookup.listings')),
    listings.length
      ? table(
          [
            { label: t('field.listType'), cell: (l) => label(l.listTypeName) },
            { label: t('field.reason'), cell: (l) => l.reason },
            { label: t('field.legalBasis'), cell: (l) => l.legalBasis },
            { label: t('field.decisionNumber'), cell: (l) => l.decisionNumber },
            { label: t('field.authority'), cell: (l) => l.decidingAuthority },
            { label: t('field.startDate'), cell: (l) => l.startDate },
            { label: t('field.plannedEnd'), cell: (l) => l.plannedEndDate },
          ],
          listings,
          { class: 'data listings cards', attrs: { id: 'public-listings' } },
        )
      : h('p.muted#no-listings', {}, t('lookup.noListings')),
    publishedRecords(e.creditRecords),
  );
}

/**
 * A 400 naming the rule a malformed code breaks (ENTERPRISE.INVALID_CODE, errors[{ field: code, rule }])
 * as an error box in the page's language; null for any other error. Shared with the console (issue 16).
 */
export function invalidCode(err, code) {
  const rule = err instanceof ApiError ? (err.problem.errors ?? []).find((e) => e.rule)?.rule : null;
  if (!(err instanceof ApiError && err.status === 400 && rule)) return null;
  const detail = (err.problem.errors ?? []).find((e) => e.rule === rule)?.message ?? err.problem.detail ?? '';
  const local = checkCode(code); // same rules (libs/identifiers, mirrored): a sentence in the page's language
  const sentence = !local.ok && local.rule === rule ? describe(local) : detail;
  return message('error', t('lookup.invalid', { rule: t(`rule.${rule}`) === `rule.${rule}` ? rule : t(`rule.${rule}`), message: sentence }));
}

/** The staff API answers 404 for any unknown code; the console checks the code itself first (same rules as the server). */
export function locallyInvalidCode(code) {
  if (!(CODE_LIKE.test(code) && /\d/.test(code))) return null;
  const local = checkCode(code);
  return local.ok ? null : message('error', t('lookup.invalid', { rule: t(`rule.${local.rule}`), message: describe(local) }));
}

/** A code's failed check in words (position, expected character), in the page's language. */
export const describeCode = (p) => describe(p);

function describe(p) {
  if (p.rule === 'length') return t('code.length', { given: p.given });
  if (p.rule === 'alphabet') return t('code.alphabet', { position: p.position, given: p.given });
  return t('code.check', { position: p.position, expected: p.expected, given: p.given });
}

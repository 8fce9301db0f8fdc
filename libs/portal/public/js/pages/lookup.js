/* global FormData */
import { api, ApiError, qs } from '../api.js';
import { facts, h, message, mount, table } from '../dom.js';
import { label, t } from '../i18n.js';
import { checkCode } from '../codes.js';
import { errorBox } from '../session-ui.js';

// Looks like a code (USCC 18 / org code 9, hyphen or full-width allowed) rather than a name.
const CODE_LIKE = /^[0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\-\uFF0D\s]{8,24}$/;

/** 公开查询: anyone, no login. Published grade and published listings only; no personal data. */
export async function lookupPage(app, { params, go }) {
  const q = params.get('q') ?? '';
  const result = h('div#lookup-result');
  const form = h(
    'form.search#lookup-form',
    { onsubmit: (e) => { e.preventDefault(); go('lookup', { q: String(new FormData(e.target).get('q')).trim() }); } },
    h('input', { name: 'q', type: 'search', value: q, placeholder: t('lookup.placeholder'), 'aria-label': t('lookup.hint'), required: true, autofocus: true }),
    h('button', { type: 'submit' }, t('search')),
  );
  mount(app, h('section.page', {}, h('h1', {}, t('lookup.title')), h('p.muted', {}, t('lookup.hint')), form, result));
  if (!q) return;
  mount(result, h('p.muted', {}, t('loading')));
  try {
    if (CODE_LIKE.test(q) && /\d/.test(q)) await showByCode(result, q);
    else await showByName(result, q, go);
  } catch (err) {
    mount(result, errorBox(err));
  }
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

async function showByName(target, name, go) {
  const page = await api(`/api/v1/public/enterprises${qs({ q: name, limit: 20 })}`);
  const items = page.items ?? [];
  if (!items.length) return mount(target, message('warn', t('lookup.noMatches', { q: name })));
  // One match: the full card (record, grade, listings in force) by its code.
  if (items.length === 1) return showByCode(target, items[0].uscc ?? items[0].orgCode);
  const open = (e) => go('lookup', { q: e.uscc ?? e.orgCode });
  mount(
    target,
    h('p', {}, t('lookup.matches', { n: items.length })),
    table(
      [
        { label: t('field.name'), cell: (e) => h('a', { href: '#', onclick: (ev) => { ev.preventDefault(); open(e); } }, e.name) },
        { label: t('field.uscc'), cell: (e) => e.uscc ?? e.orgCode },
        { label: t('field.region'), cell: (e) => e.regionName ?? e.regionCode ?? '' },
        { label: t('field.status'), cell: (e) => label(e.statusName) || e.status },
        { label: t('lookup.grade'), cell: (e) => gradeBadge(e.grade) },
      ],
      items,
      { attrs: { id: 'lookup-matches' } },
    ),
  );
}

/** The published grade as a coloured badge; "not graded" when the enterprise has none yet. */
function gradeBadge(grade) {
  if (!grade?.grade) return h('span.muted', {}, t('lookup.notGraded'));
  return h(`span.grade.grade-${grade.grade}`, { title: grade.overridden ? t('lookup.overridden') : '' }, grade.grade);
}

/** The public card: record, published grade (GET /api/v1/public/enterprises/{code} carries both) and listings in force. */
export function enterpriseCard(e) {
  const grade = e.grade;
  const listings = e.listings ?? [];
  const gradeBlock = grade?.grade
    ? h(
        'div.grade-block',
        {},
        h(`span.grade.grade-${grade.grade}`, { id: 'public-grade' }, grade.grade),
        h('span.muted#public-grade-date', {}, `${t('lookup.gradeDate')} ${grade.validFrom ?? ''}`),
        grade.overridden ? h('span.muted', {}, t('lookup.overridden')) : null,
      )
    : h('div.grade-block', {}, h('span.muted#public-grade', {}, t('lookup.notGraded')));
  return h(
    'article.card.enterprise-card#enterprise-card',
    {},
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
          { class: 'data listings', attrs: { id: 'public-listings' } },
        )
      : h('p.muted#no-listings', {}, t('lookup.noListings')),
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

/* global FormData */
import { api } from '../api.js';
import { download, facts, formatTime, h, message, mount, table } from '../dom.js';
import { lang, t } from '../i18n.js';
import { errorBox } from '../session-ui.js';
import { action } from './confirm-action.js';
import { consoleNav } from './console-nav.js';
import { INDUSTRY_SECTIONS } from './registrar-texts.js';
import './plan-texts.js';

const GRADES = ['AAA', 'AA', 'A', 'B', 'C', 'D'];
let flashText = null;

/**
 * 双随机抽查计划 (#/console/plans, issue 16; DOMAIN.md §6): the grader draws a plan (enterprises at each grade's
 * inspection rate, inspectors at random, from a recorded seed), reviews it (`?id=`), publishes it (一公开, through
 * the confirmation saying what becomes public) and downloads it as CSV.
 */
export async function plansPage(app, { params, go, rerender }) {
  const flash = h('div#plan-flash', { tabindex: '-1' }, flashText ? message('ok', flashText) : null);
  const hadFlash = !!flashText;
  flashText = null;
  const id = params.get('id');
  mount(app, h('section.page', {}, consoleNav('plans'), h('h1', {}, t('plan.title')), flash,
    id ? await planView(id, { flash, rerender }) : null,
    drawForm(go),
    h('section.card#plan-list', {}, h('h2', {}, t('plan.list')), await planList())));
  if (hadFlash) flash.focus();
}

const statusWord = (s) => h(`span.plan-status.plan-${s}`, { 'data-status': s }, t(`plan.status.${s}`));
const industryName = (code) => {
  const s = INDUSTRY_SECTIONS.find(([c]) => c === code);
  return s ? `${code} ${lang() === 'en' ? s[2] : s[1]}` : code;
};
const scopeText = (s) => [s.regionPrefix, s.industryCode ? industryName(s.industryCode) : null].filter(Boolean).join(' · ') || t('plan.all');

async function planList() {
  const rows = await api('/api/v1/inspection-plans').catch((err) => err);
  if (rows instanceof Error) return errorBox(rows);
  if (!rows.length) return h('p.muted', {}, t('plan.none'));
  return table([
    { label: t('plan.name'), cell: (p) => h('a', { href: `#/console/plans?id=${p.id}` }, p.title) },
    { label: t('plan.scope'), cell: (p) => scopeText(p.scope) },
    { label: t('plan.period'), cell: (p) => `${p.periodFrom} – ${p.periodTo}` },
    { label: t('plan.count'), cell: (p) => p.itemCount },
    { label: t('plan.status'), cell: (p) => statusWord(p.status) },
    { label: t('col.at'), cell: (p) => formatTime(p.createdAt) },
  ], rows);
}

function drawForm(go) {
  const errors = h('div.form-errors');
  return h('details.card#plan-draw', {}, h('summary', {}, t('plan.draw')), h('form.inline-form#plan-form', {
    onsubmit: async (e) => {
      e.preventDefault();
      const f = Object.fromEntries([...new FormData(e.target).entries()].map(([k, v]) => [k, String(v).trim()]));
      const body = {
        title: f.title, periodFrom: f.periodFrom, periodTo: f.periodTo,
        inspectors: f.inspectors.split(/[\n,，、;；]+/).map((s) => s.trim()).filter(Boolean),
        ...(f.regionPrefix ? { regionPrefix: f.regionPrefix } : {}), ...(f.industryCode ? { industryCode: f.industryCode } : {}), ...(f.seed ? { seed: f.seed } : {}),
      };
      try {
        const plan = await api('/api/v1/inspection-plans', { method: 'POST', body });
        flashText = t('action.done', { what: `${t('plan.drawDo')} ${plan.title}` });
        go('console/plans', { id: plan.id });
      } catch (err) {
        mount(errors, errorBox(err));
      }
    },
  },
  h('label', {}, t('plan.name'), h('input', { name: 'title', required: true })),
  h('label', {}, t('plan.from'), h('input', { name: 'periodFrom', type: 'date', required: true })),
  h('label', {}, t('plan.to'), h('input', { name: 'periodTo', type: 'date', required: true })),
  h('label', {}, t('plan.region'), h('input', { name: 'regionPrefix', pattern: '[0-9]{2,6}' })),
  h('label', {}, t('plan.industry'), h('select', { name: 'industryCode' }, h('option', { value: '' }, t('plan.all')), INDUSTRY_SECTIONS.map(([c, zh, en]) => h('option', { value: c }, `${c} ${lang() === 'en' ? en : zh}`)))),
  h('label', {}, t('plan.inspectors'), h('textarea', { name: 'inspectors', rows: 4, required: true })),
  h('label', {}, t('plan.seed'), h('input', { name: 'seed' })),
  h('button', { type: 'submit' }, t('plan.drawDo')),
  errors));
}

const cell = (v) => (/[",\n\r]/.test(String(v ?? '')) ? `"${String(v).replace(/"/g, '""')}"` : String(v ?? ''));
const pct = (r) => `${Math.round(r * 1000) / 10}%`;

async function planView(id, { flash, rerender }) {
  let p;
  try {
    p = await api(`/api/v1/inspection-plans/${encodeURIComponent(id)}`);
  } catch (err) {
    return h('section.card#plan-view', {}, errorBox(err));
  }
  const csv = () => {
    const head = [t('field.orgCode'), t('field.name'), t('col.grade'), t('plan.inspectorsCol')];
    const lines = p.items.map((i) => [i.orgCode, i.name, i.grade, i.inspectors.join('、')].map(cell).join(','));
    download(`${p.title}.csv`, `\uFEFF${[head.join(','), ...lines].join('\r\n')}\r\n`);
  };
  const publish = p.status === 'draft'
    ? action('action.publishPlan', {
        flash,
        tone: 'irreversible',
        confirm: async () => h('p.consequence', {}, t('confirm.publishPlan')),
        send: async () => { await api(`/api/v1/inspection-plans/${p.id}/publish`, { method: 'POST', body: {} }); flashText = t('action.done', { what: t('action.publishPlan') }); },
        onDone: () => rerender(),
      })
    : null;
  return h('section.card#plan-view', {},
    h('h2', {}, p.title, ' ', statusWord(p.status)),
    facts([
      [t('plan.scope'), scopeText(p.scope)],
      [t('plan.period'), `${p.periodFrom} – ${p.periodTo}`],
      [t('plan.asOf'), p.asOf],
      [t('plan.model'), p.modelVersion],
      [t('plan.seed'), p.seed],
      [t('plan.rates'), GRADES.filter((g) => p.rates?.[g] != null).map((g) => `${g} ${pct(p.rates[g])}`).join(' · ')],
      [t('plan.population'), GRADES.filter((g) => p.population?.[g] != null).map((g) => `${g} ${p.population[g]}`).join(' · ')],
      [t('plan.status'), p.publishedAt ? `${t('plan.status.published')} · ${formatTime(p.publishedAt)}` : t('plan.status.draft')],
    ]),
    h('p.muted', {}, t('plan.reproducible')),
    h('div.actions', {}, publish, h('button.plain#plan-download', { type: 'button', onclick: csv }, t('plan.download'))),
    h('h3', {}, t('plan.items'), `（${p.items.length}）`),
    table([
      { label: t('field.orgCode'), cell: (i) => i.orgCode },
      { label: t('field.name'), cell: (i) => i.name },
      { label: t('col.grade'), cell: (i) => h(`span.grade.grade-${i.grade}`, {}, i.grade) },
      { label: t('plan.inspectorsCol'), cell: (i) => i.inspectors.join('、') },
    ], p.items, { attrs: { id: 'plan-items' } }));
}

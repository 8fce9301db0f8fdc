/* global FormData */
import { api, session } from '../api.js';
import { facts, formatTime, h, message, mount, table } from '../dom.js';
import { label, lang, statusText, t } from '../i18n.js';
import { can } from '../roles.js';
import { errorBox } from '../session-ui.js';
import { action } from './confirm-action.js';
import { consoleNav } from './console-nav.js';
import { modelDiff } from './model-diff.js';
import './model-texts.js';
import './catalogue-texts.js';

let flashText = null;

/**
 * 评价模型 (#/console/model, issue 16; DOMAIN.md §6 "the grading model is versioned data"): the active model in words
 * (thresholds, indicators, caps, progression, inspection rates), the versions with who loaded and activated them,
 * and — for the administrator — loading a version from a JSON file without effect, its diff against the active
 * one (`?compare=<version>`), and activation through the confirmation (audited by the server).
 */
export async function modelPage(app, { params, go, rerender }) {
  const flash = h('div#model-flash', { tabindex: '-1' }, flashText ? message('ok', flashText) : null);
  const hadFlash = !!flashText;
  flashText = null;
  const mayManage = can(session.me()?.roles, 'grade.model.manage');
  const [versions, categories] = await Promise.all([api('/api/v1/grading/models'), api('/api/v1/credit-categories').catch(() => [])]);
  const list = versions.items ?? versions;
  const names = new Map((categories.items ?? categories).map((c) => [c.code, label(c.name)]));
  const activeInfo = list.find((m) => m.active);
  const active = activeInfo ? await api(`/api/v1/grading/models/${encodeURIComponent(activeInfo.version)}`) : null;
  const compare = params.get('compare');
  const ctx = { flash, rerender, go, names, active, activeInfo };
  mount(app, h('section.page', {}, consoleNav('model'), h('h1', {}, t('model.title')), flash,
    compare ? await diffSection(compare, mayManage, ctx) : null,
    active ? activeSection(active, activeInfo, names) : null,
    versionsSection(list, mayManage),
    mayManage ? loadForm(ctx) : null));
  if (hadFlash) flash.focus();
}

const who = (name, at) => [name === 'migration' ? t('model.migration') : name ?? '', at ? ` · ${formatTime(at)}` : ''].join('');
const pct = (r) => `${Math.round(r * 1000) / 10}%`;

function activeSection(m, info, names) {
  return h('section.card#model-active', {},
    h('h2', {}, t('model.active'), '：', m.version),
    facts([
      [t('model.name'), m.name?.[lang()] ?? ''],
      [t('model.scores'), `${m.baseScore}（${m.minScore}–${m.maxScore}）`],
      [t('model.counting'), (m.countingStatuses ?? []).map(statusText).join('、')],
      [t('model.overrideMonths'), m.overrides?.validMonths],
      [t('model.loaded'), who(info.loadedByName, info.loadedAt)],
      [t('model.activated'), info.activatedAt ? who(info.activatedByName, info.activatedAt) : ''],
    ]),
    h('h3', {}, t('model.thresholds')),
    table([
      { label: t('col.grade'), cell: (x) => h(`span.grade.grade-${x.grade}`, {}, x.grade) },
      { label: t('model.minScore'), cell: (x) => x.minScore },
      { label: t('model.rate'), cell: (x) => (m.inspectionRates?.[x.grade] != null ? pct(m.inspectionRates[x.grade]) : '') },
    ], m.thresholds ?? []),
    h('h3', {}, t('model.indicators')),
    table([
      { label: t('col.category'), cell: (i) => names.get(i.category) ?? i.category },
      { label: t('model.points'), cell: (i) => (i.points > 0 ? `+${i.points}` : i.points) },
      { label: t('model.window'), cell: (i) => i.windowMonths },
      { label: t('model.cap'), cell: (i) => i.capPerYear ?? '—' },
    ], m.indicators ?? [], { attrs: { id: 'model-indicators' } }),
    h('h3', {}, t('model.caps')),
    h('ul', {}, (m.hardCaps ?? []).map((c) => h('li', {}, `${c.name?.[lang()] ?? c.id} → ${t('model.maxGrade')} ${c.maxGrade}`))),
    h('h3', {}, t('model.progression')),
    h('ul', {}, (m.progression ?? []).map((p) => h('li', {}, t('model.progressionText', { grade: p.grade, years: p.years, atLeast: p.requiresAtLeast })))));
}

function versionsSection(list, mayManage) {
  return h('section.card#model-versions', {}, h('h2', {}, t('model.versions')),
    table([
      { label: t('model.version'), cell: (m) => m.version },
      { label: t('model.name'), cell: (m) => m.name?.[lang()] ?? '' },
      { label: t('cat.state'), cell: (m) => h(m.active ? 'strong.model-state' : 'span.model-state.muted', {}, t(m.active ? 'model.state.active' : 'model.state.inactive')) },
      { label: t('model.loaded'), cell: (m) => who(m.loadedByName, m.loadedAt) },
      { label: t('model.activated'), cell: (m) => (m.activatedAt ? who(m.activatedByName, m.activatedAt) : '') },
      { label: t('col.actions'), cell: (m) => (!m.active && mayManage ? h('a.compare-link', { href: `#/console/model?compare=${encodeURIComponent(m.version)}` }, t('model.compare')) : '') },
    ], list, { rowClass: (m) => `model-${m.version}` }));
}

/** The path of a changed field in words: "计分指标 监督抽查不合格 · 分值". */
function pathText(path, names) {
  return path.map((p) => {
    const keyed = /^\[(.+)\]$/.exec(p);
    if (keyed) return names.get(keyed[1]) ?? keyed[1];
    return t(`path.${p}`) === `path.${p}` ? p : t(`path.${p}`);
  }).join(' · ');
}

function diffTable(rows, names) {
  if (!rows.length) return h('p.muted#model-no-diff', {}, t('model.noDiff'));
  return table([
    { label: t('model.field'), cell: (r) => pathText(r.path, names) },
    { label: t('model.from'), cell: (r) => r.from ?? t('model.added') },
    { label: t('model.to'), cell: (r) => r.to ?? t('model.removed') },
  ], rows, { attrs: { id: 'model-diff-table' } });
}

async function diffSection(version, mayManage, { active, activeInfo, names, flash, go }) {
  let candidate;
  try {
    candidate = await api(`/api/v1/grading/models/${encodeURIComponent(version)}`);
  } catch (err) {
    return h('section.card#model-diff', {}, errorBox(err));
  }
  const rows = modelDiff({ ...active, version: undefined }, { ...candidate, version: undefined });
  const isActive = activeInfo?.version === version;
  const activate = mayManage && !isActive
    ? action('action.activateModel', {
        flash,
        tone: 'irreversible',
        fields: [{ name: 'reason', label: t('form.reason') }],
        confirm: async () => [diffTable(rows, names), h('p.consequence', {}, t('confirm.activateModel', { version }))],
        send: async (v) => {
          await api(`/api/v1/grading/models/${encodeURIComponent(version)}/activate`, { method: 'POST', body: { reason: v.reason } });
          flashText = t('action.done', { what: `${t('action.activateModel')} ${version}` });
        },
        onDone: () => go('console/model'),
      })
    : null;
  return h('section.card#model-diff', {}, h('h2', {}, t('model.diff', { version, active: activeInfo?.version ?? '—' })), diffTable(rows, names), h('div.actions', {}, activate));
}

/** 载入新版本: the file is parsed here (a JSON error names itself), then stored without effect and compared. */
function loadForm({ go }) {
  const errors = h('div.form-errors');
  return h('section.card#model-load', {}, h('h2', {}, t('model.load')), h('p.muted', {}, t('model.hint')),
    h('form.inline-form#model-load-form', {
      onsubmit: async (e) => {
        e.preventDefault();
        const f = new FormData(e.target);
        const file = f.get('file');
        let model;
        try {
          model = JSON.parse(await file.text());
        } catch (err) {
          return mount(errors, message('error', t('model.badJson', { msg: err.message })));
        }
        try {
          const saved = await api('/api/v1/grading/models', { method: 'POST', body: { model, reason: String(f.get('reason')).trim(), activate: false } });
          flashText = t('model.loadedFlash', { version: saved.version });
          go('console/model', { compare: saved.version });
        } catch (err) {
          mount(errors, errorBox(err));
        }
      },
    },
    h('label', {}, t('model.file'), h('input', { name: 'file', type: 'file', accept: '.json,application/json', required: true })),
    h('label', {}, t('form.reason'), h('input', { name: 'reason', required: true })),
    h('button', { type: 'submit' }, t('model.loadDo')),
    errors));
}

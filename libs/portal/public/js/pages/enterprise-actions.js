/* global FormData */
import { api, ApiError, session } from '../api.js';
import { h, message, mount, table, todayInChina } from '../dom.js';
import { label, lang, t } from '../i18n.js';
import { can } from '../roles.js';
import { errorBox } from '../session-ui.js';
import { action } from './confirm-action.js';
import { INDUSTRY_SECTIONS } from './registrar-texts.js';

// The message of the last change, shown once when the enterprise page is drawn again.
let pending = null;
export function setFlash(text) {
  pending = text;
}
export function takeFlash() {
  const text = pending;
  pending = null;
  return text ? message('ok', text) : null;
}

const STATUSES = ['active', 'deregistered', 'revoked'];
const STATUS_NAMES = { active: ['存续', 'Active'], deregistered: ['注销', 'Deregistered'], revoked: ['吊销', 'Licence revoked'] };
const statusName = (s) => STATUS_NAMES[s]?.[lang() === 'en' ? 1 : 0] ?? s;

/** What a registrar compares after a 412: each field that changed since the page was loaded. */
const DIFF_FIELDS = [
  ['field.name', (r) => r.name], ['field.status', (r) => statusName(r.status)], ['field.region', (r) => r.regionCode],
  ['field.industry', (r) => r.industryCode], ['console.address', (r) => r.address ?? ''], ['field.registeredOn', (r) => r.registeredOn ?? ''],
  ['console.legalRep', (r) => r.legalRepresentative?.name ?? ''],
];

async function staleBox(err, mine, code, reload) {
  const now = await api(`/api/v1/enterprises/${encodeURIComponent(code)}`).catch(() => null);
  const rows = now ? DIFF_FIELDS.filter(([, get]) => get(mine) !== get(now)).map(([key, get]) => ({ key, mine: get(mine), now: get(now) })) : [];
  return h('div.msg.msg-error#stale', { role: 'alert' },
    h('strong', {}, t('ent.stale', { mine: mine.version, now: now?.version ?? err.problem.currentVersion ?? '?' })),
    rows.length ? table([{ label: t('ent.diffField'), cell: (r) => t(r.key) }, { label: t('ent.diffMine'), cell: (r) => r.mine }, { label: t('ent.diffNow'), cell: (r) => r.now }], rows) : null,
    h('button#stale-reload', { type: 'button', onclick: reload }, t('ent.reload')));
}

/**
 * 更正 / 更名 / 变更状态 with If-Match: the version the registrar is looking at. Someone else's change
 * in between → 412, shown as "someone changed this record, reload" with the fields that differ.
 */
export function recordActions(record, { rerender }) {
  if (!can(session.me()?.roles, 'enterprise.write')) return null;
  const code = record.uscc ?? record.orgCode;
  const holder = h('div.record-form');
  const open = (kind, fields, build) => {
    const errors = h('div.form-errors');
    const form = h('form.card.inline-form', {
      id: `ent-${kind}`,
      onsubmit: async (e) => {
        e.preventDefault();
        const f = Object.fromEntries([...new FormData(e.target).entries()].map(([k, v]) => [k, String(v).trim()]));
        const { path, method, body } = build(f);
        try {
          const saved = await api(`/api/v1/enterprises/${encodeURIComponent(code)}${path}`, { method, body, headers: { 'If-Match': `"${record.version}"` } });
          setFlash(t('ent.done', { what: t(`ent.${kind}`), version: saved?.version ?? '' }));
          rerender();
        } catch (err) {
          mount(errors, err instanceof ApiError && err.status === 412 ? await staleBox(err, record, code, rerender) : errorBox(err));
        }
      },
    },
    fields,
    h('label', {}, t('ent.effectiveOn'), h('input', { name: 'effectiveOn', type: 'date' })),
    h('label', {}, t('ent.reason'), h('input', { name: 'reason', required: true, minlength: 2 })),
    h('button', { type: 'submit' }, t(`ent.${kind}`)),
    h('button.link', { type: 'button', onclick: () => mount(holder) }, t('cancel')),
    errors);
    mount(holder, form);
    form.querySelector('input, select')?.focus();
  };
  const eff = (f) => (f.effectiveOn ? { effectiveOn: f.effectiveOn } : {});
  const input = (key, name, value, attrs = {}) => h('label', {}, t(key), h('input', { name, value: value ?? '', ...attrs }));
  return h('section.card#record-actions', {},
    h('h2', {}, t('ent.actions')),
    h('div.actions', {},
      h('button.plain#do-correct', { type: 'button', onclick: () => open('correct', [
        input('field.name', 'name', record.name),
        input('console.address', 'address', record.address),
        input('console.legalRep', 'legalRep', record.legalRepresentative?.name),
        h('label', {}, t('field.industry'), h('select', { name: 'industryCode' }, INDUSTRY_SECTIONS.map(([c, zh, en]) => h('option', { value: c, selected: c === record.industryCode }, `${c} ${lang() === 'en' ? en : zh}`)))),
      ], (f) => {
        // only what changed: an unchanged field is not a correction
        const body = { reason: f.reason, ...eff(f) };
        if (f.name && f.name !== record.name) body.name = f.name;
        if (f.address !== (record.address ?? '')) body.address = f.address;
        if (f.industryCode !== record.industryCode) body.industryCode = f.industryCode;
        if (f.legalRep && f.legalRep !== record.legalRepresentative?.name) body.legalRepresentative = { name: f.legalRep };
        return { path: '', method: 'PATCH', body };
      }) }, t('ent.correct')),
      h('button.plain#do-rename', { type: 'button', onclick: () => open('rename', [input('ent.newName', 'name', '', { required: true })], (f) => ({ path: '/rename', method: 'POST', body: { name: f.name, reason: f.reason, ...eff(f) } })) }, t('ent.rename')),
      h('button.plain#do-status', { type: 'button', onclick: () => open('status', [
        h('label', {}, t('ent.newStatus'), h('select', { name: 'status' }, STATUSES.map((s) => h('option', { value: s, selected: s === record.status }, statusName(s))))),
      ], (f) => ({ path: '/status', method: 'POST', body: { status: f.status, reason: f.reason, ...eff(f) } })) }, t('ent.status'))),
    holder);
}

/** 记录质量信用信息: category from the catalogue, the document and its basis; the server regrades at once. */
export function creditForm(record, { rerender }) {
  if (!can(session.me()?.roles, 'credit.write')) return null;
  const code = record.uscc ?? record.orgCode;
  const categories = h('select', { name: 'categoryCode', required: true }, h('option', { value: '' }, '—'));
  api('/api/v1/credit-categories').then((list) => {
    for (const c of (list.items ?? list).filter((x) => x.active !== false)) categories.append(h('option', { value: c.code }, label(c.name)));
  }).catch(() => {});
  const errors = h('div.form-errors');
  const input = (key, name, attrs = {}) => h('label', {}, t(key), h('input', { name, required: true, ...attrs }));
  return h('details.card#credit-add', {},
    h('summary', {}, t('credit.add')),
    h('form.inline-form#credit-form', {
      onsubmit: async (e) => {
        e.preventDefault();
        const body = Object.fromEntries([...new FormData(e.target).entries()].map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v !== ''));
        try {
          const saved = await api(`/api/v1/enterprises/${encodeURIComponent(code)}/credit-records`, { method: 'POST', body });
          setFlash(t('credit.done', { what: `${label(saved.categoryName)} ${saved.documentNumber}` }));
          rerender();
        } catch (err) {
          mount(errors, errorBox(err));
        }
      },
    },
    h('label', {}, t('credit.category'), categories),
    input('credit.occurredOn', 'occurredOn', { type: 'date', max: todayInChina() }),
    input('credit.documentNumber', 'documentNumber'),
    input('credit.department', 'issuingDepartment'),
    input('credit.legalBasis', 'legalBasis'),
    h('label', {}, t('credit.description'), h('input', { name: 'description' })),
    h('button', { type: 'submit' }, t('credit.add')),
    errors));
}

/** A credit record's row actions: raise an objection (registrar), revoke or repair (reviewer), each confirmed. */
export function creditRowActions(r, { flash, rerender }) {
  const roles = session.me()?.roles ?? [];
  const post = (path) => (v) => api(`/api/v1/credit-records/${r.id}/${path}`, { method: 'POST', body: { reason: v.reason } });
  const ctx = { flash, onDone: (key) => { setFlash(t('action.done', { what: t(key) })); rerender(); } };
  const reason = [{ name: 'reason', label: t('form.reason') }];
  const acts = [];
  if (r.status === 'active' && can(roles, 'credit.write')) {
    acts.push(action('action.objection', { ...ctx, fields: reason, confirm: async () => h('p.consequence', {}, t('confirm.objection')), send: post('objections') }));
  }
  // A disputed record is settled through its objection (the queue), not here: the server refuses both.
  if (['active', 'repaired'].includes(r.status) && can(roles, 'credit.review')) {
    acts.push(action('action.revokeRecord', { ...ctx, tone: 'irreversible', fields: reason, confirm: async () => h('p.consequence', {}, t('confirm.revokeRecord', { date: todayInChina() })), send: post('revoke') }));
    if (r.status === 'active' && r.polarity !== 'positive') acts.push(action('action.repairRecord', { ...ctx, tone: 'irreversible', fields: reason, confirm: async () => h('p.consequence', {}, t('confirm.repairRecord', { date: todayInChina() })), send: post('repair') }));
  }
  return acts;
}


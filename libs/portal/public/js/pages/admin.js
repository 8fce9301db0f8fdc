/* global FormData */
import { api } from '../api.js';
import { formatTime, h, message, mount, table } from '../dom.js';
import { label, t } from '../i18n.js';
import { errorBox } from '../session-ui.js';
import { action } from './confirm-action.js';
import { consoleNav } from './console-nav.js';
import './admin-texts.js';

const ROLES = ['registrar', 'grader', 'officer', 'reviewer', 'auditor', 'admin'];
const PURPOSES = ['government_procurement', 'public_bidding', 'financing', 'insurance_guarantee', 'honours', 'subsidies', 'licensing', 'state_land', 'office_holding'];

// The message of the last change, shown once after the page is drawn again.
let flashText = null;

/** 系统管理 (#/console/admin, admin): users and roles, partner agencies and their keys, the measure catalogue. */
export async function adminPage(app, { rerender }) {
  const flash = h('div#admin-flash', { tabindex: '-1' }, flashText ? message('ok', flashText) : null);
  const hadFlash = !!flashText;
  flashText = null;
  const ctx = { flash, rerender, done: (text) => { flashText = text; rerender(); } };
  mount(app, h('section.page', {}, consoleNav('admin'), h('h1', {}, t('admin.title')), flash,
    section('admin-users', t('admin.users'), () => users(ctx)),
    section('admin-agencies', t('admin.agencies'), () => agencies(ctx)),
    section('admin-measures', t('admin.measures'), () => measures(ctx))));
  app.addEventListener('input', () => flash.replaceChildren(), { once: true });
  if (hadFlash) flash.focus();
}

function section(id, title, load) {
  const body = h('div', {}, h('p.muted', {}, t('loading')));
  load().then((c) => mount(body, c)).catch((err) => mount(body, errorBox(err)));
  return h(`section.card#${id}`, {}, h('h2', {}, title), body);
}

const checkboxes = (name, values, text) => h('fieldset.checks', {}, h('legend', {}, t(`admin.${name}`)),
  values.map((v) => h('label.check', {}, h('input', { type: 'checkbox', name, value: v }), text(v))));

/** A create form: values (checkbox groups as arrays) → send → the page redraws with `doneText`. */
function createForm(id, title, fields, send, ctx) {
  const errors = h('div.form-errors');
  return h(`details.card#${id}`, {}, h('summary', {}, title), h('form.inline-form', {
    onsubmit: async (e) => {
      e.preventDefault();
      const fd = new FormData(e.target);
      const values = {};
      for (const [k, v] of fd.entries()) values[k] = k === 'roles' || k === 'purposes' ? [...(values[k] ?? []), String(v)] : String(v).trim();
      try {
        ctx.done(await send(values));
      } catch (err) {
        mount(errors, errorBox(err));
      }
    },
  }, fields, h('button', { type: 'submit' }, title), errors));
}

async function users(ctx) {
  const list = await api('/api/v1/admin/users');
  return h('div', {},
    table([
      { label: t('admin.username'), cell: (u) => u.username },
      { label: t('admin.displayName'), cell: (u) => u.displayName },
      { label: t('admin.roles'), cell: (u) => u.roles.map((r) => t(`role.${r}`)).join('、') },
      { label: t('admin.active'), cell: (u) => (u.active ? t('admin.enabled') : t('admin.disabled')) },
    ], list.items ?? list),
    createForm('user-create', t('admin.createUser'), [
      h('label', {}, t('admin.username'), h('input', { name: 'username', required: true, pattern: '[a-z][a-z0-9_.\\-]{2,63}' })),
      h('label', {}, t('admin.displayName'), h('input', { name: 'displayName', required: true })),
      h('label', {}, t('admin.password'), h('input', { name: 'password', type: 'password', required: true, minlength: 12, autocomplete: 'new-password' })),
      checkboxes('roles', ROLES, (r) => t(`role.${r}`)),
    ], async (v) => {
      const u = await api('/api/v1/admin/users', { method: 'POST', body: { username: v.username, displayName: v.displayName, password: v.password, roles: v.roles ?? [] } });
      return t('admin.userDone', { name: `${u.displayName}（${u.username}）` });
    }, ctx));
}

async function agencies(ctx) {
  const list = await api('/api/v1/admin/agencies');
  const items = list.items ?? list;
  return h('div', {},
    table([
      { label: t('admin.code'), cell: (a) => a.code },
      { label: t('admin.name'), cell: (a) => a.name },
      { label: t('admin.department'), cell: (a) => a.department },
      { label: t('admin.purposes'), cell: (a) => a.purposes.map((p) => t(`purpose.${p}`)).join('、') },
      { label: t('admin.keys'), cell: (a) => keysCell(a, ctx) },
    ], items, { rowClass: (a) => `agency-${a.code}` }),
    createForm('agency-create', t('admin.createAgency'), [
      h('label', {}, t('admin.code'), h('input', { name: 'code', required: true, pattern: '[a-z0-9][a-z0-9_\\-]{1,63}' })),
      h('label', {}, t('admin.name'), h('input', { name: 'name', required: true })),
      h('label', {}, t('admin.department'), h('input', { name: 'department', required: true })),
      checkboxes('purposes', PURPOSES, (p) => t(`purpose.${p}`)),
    ], async (v) => {
      const a = await api('/api/v1/admin/agencies', { method: 'POST', body: { code: v.code, name: v.name, department: v.department, purposes: v.purposes ?? [] } });
      return t('admin.agencyDone', { name: a.name });
    }, ctx));
}

/** An agency's keys: prefix, label, expiry, revoke (confirmed); a new key is shown once, here, never again. */
function keysCell(agency, ctx) {
  const holder = h('div.keys');
  const draw = async (issued) => {
    const keys = await api(`/api/v1/admin/agencies/${agency.id}/keys`);
    const errors = h('div.form-errors');
    mount(holder,
      issued ? h('div.msg.msg-warn.key-once', { role: 'status' }, t('admin.keyOnce'), h('code.secret#new-key', {}, issued)) : null,
      (keys.items ?? keys).length ? table([
        { label: t('admin.prefix'), cell: (k) => h('code', {}, k.prefix) },
        { label: t('admin.keyLabel'), cell: (k) => k.label },
        { label: t('admin.expires'), cell: (k) => formatTime(k.expiresAt) },
        { label: t('col.actions'), cell: (k) => (k.revokedAt ? `${t('admin.revoked')} ${formatTime(k.revokedAt)}`
          : action('action.revokeKey', { flash: ctx.flash, tone: 'irreversible', fields: [{ name: 'reason', label: t('form.reason') }],
            confirm: async () => h('p.consequence', {}, t('confirm.revokeKey')),
            send: (v) => api(`/api/v1/admin/keys/${k.id}`, { method: 'DELETE', body: { reason: v.reason } }),
            onDone: () => draw(null) })) },
      ], keys.items ?? keys, { class: 'data keys' }) : null,
      h('form.inline-form.issue-key', {
        onsubmit: async (e) => {
          e.preventDefault();
          const f = new FormData(e.target);
          try {
            const k = await api(`/api/v1/admin/agencies/${agency.id}/keys`, { method: 'POST', body: { label: String(f.get('label')), validDays: Number(f.get('validDays')) } });
            await draw(k.key);
            holder.querySelector('#new-key')?.focus();
          } catch (err) {
            mount(errors, errorBox(err));
          }
        },
      },
      h('label', {}, t('admin.keyLabel'), h('input', { name: 'label', required: true })),
      h('label', {}, t('admin.validDays'), h('input', { name: 'validDays', type: 'number', min: 1, max: 730, value: 365, required: true })),
      h('button', { type: 'submit' }, t('admin.issueKey')), errors));
  };
  const open = h('button.small.plain', { type: 'button', 'data-keys': agency.code, onclick: () => draw(null).catch((err) => mount(holder, errorBox(err))) }, t('admin.showKeys'));
  mount(holder, open);
  return holder;
}

async function measures(ctx) {
  const list = await api('/api/v1/measures');
  const trigger = (m) => t(`trigger.${m.trigger}`, { g: m.triggerGrade ?? '' });
  return table([
    { label: t('admin.code'), cell: (m) => h('code', {}, m.code) },
    { label: t('admin.department2'), cell: (m) => m.department },
    { label: t('checklog.purpose'), cell: (m) => t(`purpose.${m.purpose}`) },
    { label: t('admin.trigger'), cell: trigger },
    { label: t('admin.kind'), cell: (m) => t(`kind.${m.kind}`) },
    { label: t('field.legalBasis'), cell: (m) => m.legalBasis },
    { label: t('admin.name'), cell: (m) => label(m.text) },
    { label: t('col.actions'), cell: (m) => (m.active === false ? t('admin.disabled')
      : action('action.retireMeasure', { flash: ctx.flash, tone: 'irreversible', fields: [{ name: 'reason', label: t('form.reason') }],
        confirm: async () => h('p.consequence', {}, t('confirm.retireMeasure')),
        send: (v) => api(`/api/v1/measures/${encodeURIComponent(m.code)}`, { method: 'DELETE', body: { version: m.version, reason: v.reason } }),
        onDone: () => ctx.done(t('action.done', { what: t('action.retireMeasure') })) })) },
  ], list.items ?? list, { rowClass: (m) => `measure-${m.code}` });
}

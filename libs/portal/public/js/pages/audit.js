/* global FormData */
import { api, qs } from '../api.js';
import { formatTime, h, message, mount, table } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox } from '../session-ui.js';
import { consoleNav } from './console-nav.js';
import './audit-texts.js';

const PURPOSES = ['government_procurement', 'public_bidding', 'financing', 'insurance_guarantee', 'honours', 'subsidies', 'licensing', 'state_land', 'office_holding'];
const VERDICTS = ['restricted', 'priority', 'clear', 'not_registered'];

/**
 * 审计 (#/console/audit, audit.read): the audit log with filters and the chain check explained, and
 * the check log (GET /api/v1/checks/log) — who asked about whom, for what purpose and when
 * (DOMAIN.md §8). Actors are filtered by clicking their name, never by typing an id.
 */
export async function auditPage(app, { params, go }) {
  const tab = params.get('tab') === 'checks' ? 'checks' : 'audit';
  const tabs = h('nav.sub-nav.tabs', { 'aria-label': t('audit.title') },
    h('a', { href: '#/console/audit', class: tab === 'audit' ? 'active' : '', 'aria-current': tab === 'audit' ? 'page' : null }, t('audit.log')),
    h('a', { href: '#/console/audit?tab=checks', class: tab === 'checks' ? 'active' : '', 'aria-current': tab === 'checks' ? 'page' : null }, t('audit.checkLog')));
  const body = h('div');
  mount(app, h('section.page', {}, consoleNav('audit'), h('h1', {}, t('audit.title')), tabs, body));
  if (tab === 'checks') return checkLog(body, params, go);
  return auditLog(body, params, go);
}

/** A filter form whose values live in the address (#/console/audit?…), so a filtered view can be shared and reloaded. */
function filterForm(id, fields, params, go, tab) {
  return h(`form.card.inline-form#${id}`, {
    onsubmit: (e) => {
      e.preventDefault();
      const values = Object.fromEntries([...new FormData(e.target).entries()].map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v !== ''));
      go('console/audit', { ...(tab ? { tab } : {}), ...(params.get('actorId') ? { actorId: params.get('actorId'), actorName: params.get('actorName') ?? '' } : {}), ...values });
    },
  }, fields, h('button', { type: 'submit' }, t('audit.filter')), h('a', { href: `#/console/audit${tab ? `?tab=${tab}` : ''}` }, t('audit.clear')));
}

const textField = (key, name, params, attrs = {}) => h('label', {}, t(key), h('input', { name, value: params.get(name) ?? '', ...attrs }));
const selectField = (key, name, params, options) => h('label', {}, t(key), h('select', { name }, h('option', { value: '' }, t('checklog.any')), options.map(([v, text]) => h('option', { value: v, selected: params.get(name) === v }, text))));

/** Loads pages into a table body until the API says there is no next page. */
function paged(target, load, columns) {
  const rows = [];
  const more = h('button.plain#load-more', { type: 'button' }, t('audit.more'));
  const draw = (cursor) => load(cursor).then((page) => {
    rows.push(...page.items);
    more.onclick = () => draw(page.nextCursor);
    mount(target, rows.length ? table(columns, rows) : h('p.muted', {}, t('console.none')), page.nextCursor ? more : null);
  }).catch((err) => mount(target, errorBox(err)));
  return draw(undefined);
}

async function auditLog(body, params, go) {
  const verifyOut = h('div#verify-result', { 'aria-live': 'polite' });
  const verify = h('button.plain#verify-chain', { type: 'button', onclick: async () => {
    mount(verifyOut, h('p.muted', {}, t('loading')));
    try {
      const r = await api('/api/v1/audit/verify');
      mount(verifyOut, r.ok ? message('ok', t('audit.verifyOk', { checked: r.checked })) : message('error', t('audit.verifyBroken', { seq: r.firstBrokenSeq, reason: r.reason, checked: r.checked })));
    } catch (err) {
      mount(verifyOut, errorBox(err));
    }
  } }, t('audit.verify'));
  const results = h('div#audit-results');
  const actorName = params.get('actorName');
  mount(body,
    filterForm('audit-filter', [
      textField('audit.action', 'action', params), textField('audit.entityType', 'entityType', params), textField('audit.entityId', 'entityId', params),
      textField('audit.from', 'from', params, { type: 'date' }), textField('audit.to', 'to', params, { type: 'date' }),
    ], params, go),
    actorName ? h('p', {}, t('audit.actorFilter', { name: actorName })) : null,
    h('div.actions', {}, verify), verifyOut, results);
  const filters = Object.fromEntries(['action', 'entityType', 'entityId', 'from', 'to', 'actorId'].map((k) => [k, params.get(k) ?? undefined]));
  await paged(results, (cursor) => api(`/api/v1/audit${qs({ ...filters, cursor, limit: 50 })}`), [
    { label: '#', cell: (e) => e.seq },
    { label: t('col.at'), cell: (e) => formatTime(e.at) },
    { label: t('col.by'), cell: (e) => (e.actor?.id ? h('a', { href: `#/console/audit${qs({ actorId: e.actor.id, actorName: e.actor.name })}`, title: t('audit.byActor') }, e.actor.name) : e.actor?.name ?? '') },
    { label: t('case.step'), cell: (e) => e.action },
    { label: t('audit.entity'), cell: (e) => (e.entityType === 'blacklist.listing' ? h('a', { href: `#/console/listing?id=${e.entityId}` }, e.entityType) : e.entityType) },
    { label: t('form.reason'), cell: (e) => e.reason ?? '' },
  ]);
}

async function checkLog(body, params, go) {
  const results = h('div#checklog-results');
  mount(body,
    filterForm('checklog-filter', [
      selectField('checklog.agency', 'agency', params, [['staff', t('checklog.staff')]]),
      textField('checklog.actor', 'actor', params), textField('checklog.enterprise', 'enterprise', params),
      selectField('checklog.purpose', 'purpose', params, PURPOSES.map((p) => [p, t(`purpose.${p}`)])),
      selectField('checklog.verdict', 'verdict', params, VERDICTS.map((v) => [v, t(`verdict.${v}`)])),
      textField('audit.from', 'from', params, { type: 'date' }), textField('audit.to', 'to', params, { type: 'date' }),
    ], params, go, 'checks'),
    h('p.muted', {}, t('checklog.note')),
    results);
  const filters = Object.fromEntries(['agency', 'actor', 'enterprise', 'purpose', 'verdict', 'from', 'to'].map((k) => [k, params.get(k) ?? undefined]));
  await paged(results, (cursor) => api(`/api/v1/checks/log${qs({ ...filters, cursor, limit: 50 })}`), [
    { label: t('col.at'), cell: (c) => formatTime(c.checkedAt) },
    { label: t('checklog.who'), cell: (c) => (c.agency ? `${c.agency.name}（${c.actor.name}）` : `${t('checklog.staff')}：${c.actor.name}`) },
    { label: t('checklog.whom'), cell: (c) => (c.enterprise ? [h('div', {}, c.enterprise.name), h('div.code.small.muted', {}, c.inputCode)] : h('span.code', {}, c.inputCode)) },
    { label: t('checklog.purpose'), cell: (c) => t(`purpose.${c.purpose}`) },
    { label: t('checklog.asOf'), cell: (c) => c.asOf },
    { label: t('checklog.verdict'), cell: (c) => h(`span.verdict.verdict-${c.verdict}`, {}, t(`verdict.${c.verdict}`)) },
    { label: t('col.receipt'), cell: (c) => h('span.code.small', {}, c.receiptId) },
  ]);
}

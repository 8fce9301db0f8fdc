import { api, ApiError, qs, session } from '../api.js';
import { facts, formatTime, h, mount, table, todayInChina } from '../dom.js';
import { label, statusText, t } from '../i18n.js';
import { can } from '../roles.js';
import { errorBox } from '../session-ui.js';
import { action } from './confirm-action.js';
import { consoleNav } from './console-nav.js';
import { setFlash, takeFlash } from './enterprise-actions.js';
import { listingRevocationActions, listingRevocationFacts } from './enterprise-decisions.js';
import './case-texts.js';

/**
 * 案卷 (#/console/listing?id=…): one listing with every step — who did it and when — its
 * statements, repair applications and decision, the audit entries (for audit.read), and the
 * actions the signed-in role may take next, each confirmed where it publishes or ends something
 * (DOMAIN.md §7: propose → notify → statements → decide, four-eyes on the decision).
 */
export async function caseFilePage(app, { params, rerender }) {
  const id = params.get('id') ?? '';
  const flash = h('div#case-flash', { tabindex: '-1' }, takeFlash());
  let l;
  try {
    l = await api(`/api/v1/listings/${encodeURIComponent(id)}`);
  } catch (err) {
    return mount(app, h('section.page', {}, consoleNav('case'), h('h1', {}, t('case.title')), errorBox(err)));
  }
  const code = l.enterprise.uscc ?? l.enterprise.orgCode;
  const by = (name, at) => [name ?? '', at ? ` · ${formatTime(at)}` : ''].join('');
  mount(
    app,
    h('section.page', {},
      consoleNav('case'),
      h('h1', {}, t('case.title'), '：', l.enterprise.name),
      flash,
      h('article.card#case-summary', {},
        h('h2', {}, label(l.listTypeName), ' ', h(`span.status.status-${l.status}`, { 'data-status': l.status }, statusText(l.status))),
        facts([
          [t('field.name'), h('a', { href: `#/console/enterprise?code=${encodeURIComponent(code)}` }, `${l.enterprise.name}（${code}）`)],
          [t('field.reason'), l.reason],
          [t('field.legalBasis'), l.legalBasis],
          [t('field.penalty'), l.penalty?.documentNumber ? `${l.penalty.documentNumber} · ${l.penalty.authority ?? ''} · ${l.penalty.decidedOn ?? ''}` : ''],
          [t('case.proposal'), by(l.proposal?.byName, l.proposal?.at)],
          [t('case.notice'), l.notice ? `${l.notice.noticeDate} · ${t('col.deadline')} ${l.notice.statementDeadline}${l.notice.waived ? t('waived') : ''}` : ''],
          [t('case.decision'), l.decision ? `${l.decision.decisionNumber} · ${l.decision.decidingAuthority} · ${l.decision.startDate} → ${l.decision.plannedEndDate} · ${by(l.decision.byName, l.decision.at)}` : ''],
          [t('case.drop'), l.drop ? `${l.drop.reason} · ${formatTime(l.drop.at)}` : ''],
          [t('case.removal'), l.removal ? `${t(`step.${l.removal.kind}`) === `step.${l.removal.kind}` ? l.removal.kind : t(`step.${l.removal.kind}`)} · ${l.removal.endedOn ?? ''} · ${l.removal.reason ?? ''}` : ''],
        ])),
      h('section.card#case-actions', {}, h('h2', {}, t('case.actions')), nextActions(l, flash, rerender)),
      h('section.card#case-steps', {}, h('h2', {}, t('case.steps')), stepsTable(l.history ?? [])),
      h('section.card#case-statements', {}, h('h2', {}, t('case.statements')), statementsTable(l.statements ?? [])),
      h('section.card#case-repairs', {}, h('h2', {}, t('case.repairs')), repairsTable(l.repairApplications ?? [])),
      auditSection(l.id),
    ),
  );
  if (flash.firstChild) flash.focus();
}

const stepName = (a) => (t(`step.${a}`) === `step.${a}` ? a : t(`step.${a}`));

function stepsTable(events) {
  if (!events.length) return h('p.muted', {}, t('case.none'));
  return table([
    { label: t('col.at'), cell: (e) => formatTime(e.at) },
    { label: t('case.step'), cell: (e) => stepName(e.action) },
    { label: t('case.fromTo'), cell: (e) => `${e.from ? `${statusText(e.from)} → ` : ''}${statusText(e.to)}` },
    { label: t('col.by'), cell: (e) => e.actor?.name ?? '' },
    { label: t('case.details'), cell: (e) => detailText(e.details) },
  ], events);
}

/** Event details in words (keys as labels, kinds translated), never a JSON dump nor an id. */
const UUID_LIKE = /^[0-9a-f]{8}-[0-9a-f]{4}-/i;
function detailText(d) {
  if (!d || typeof d !== 'object') return '';
  return Object.entries(d)
    .filter(([, v]) => v !== null && typeof v !== 'object' && !UUID_LIKE.test(String(v)))
    .map(([k, v]) => {
      const key = t(`detail.${k}`) === `detail.${k}` ? k : t(`detail.${k}`);
      const value = k === 'kind' ? t(`kind.${v}`) : typeof v === 'boolean' ? t(v ? 'yes' : 'no') : v;
      return `${key}：${value}`;
    })
    .join(' · ');
}

function statementsTable(rows) {
  if (!rows.length) return h('p.muted', {}, t('case.none'));
  return table([
    { label: t('case.kind'), cell: (s) => t(`kind.${s.kind}`) },
    { label: t('case.receivedOn'), cell: (s) => s.receivedOn },
    { label: t('case.summary'), cell: (s) => s.summary },
    { label: t('col.by'), cell: (s) => `${s.recordedBy ?? ''} · ${formatTime(s.recordedAt)}` },
  ], rows);
}

function repairsTable(rows) {
  if (!rows.length) return h('p.muted', {}, t('case.none'));
  return table([
    { label: t('repair.appliedOn'), cell: (a) => a.appliedOn },
    { label: t('field.status'), cell: (a) => statusText(a.status) },
    { label: t('repair.statement'), cell: (a) => a.statement },
    { label: t('repair.handledBy'), cell: (a) => a.handledByName ?? '' },
    { label: t('case.decision'), cell: (a) => (a.decidedAt ? `${a.decidedByName ?? ''} · ${formatTime(a.decidedAt)}${a.refusalReason ? ` · ${a.refusalReason}` : ''}` : '') },
  ], rows);
}

function auditSection(listingId) {
  const body = h('div', {}, h('p.muted', {}, t('loading')));
  if (!can(session.me()?.roles, 'audit.read')) mount(body, h('p.muted', {}, t('case.auditHidden')));
  else {
    api(`/api/v1/audit${qs({ entityType: 'blacklist.listing', entityId: listingId, limit: 100 })}`)
      .then((page) => mount(body, (page.items ?? []).length ? table([
        { label: '#', cell: (e) => e.seq },
        { label: t('col.at'), cell: (e) => formatTime(e.at) },
        { label: t('case.step'), cell: (e) => e.action },
        { label: t('col.by'), cell: (e) => `${e.actor?.name ?? ''}（${(e.actor?.roles ?? []).join(', ')}）` },
        { label: t('form.reason'), cell: (e) => e.reason ?? '' },
      ], page.items) : h('p.muted', {}, t('case.none'))))
      .catch((err) => mount(body, err instanceof ApiError ? errorBox(err) : String(err)));
  }
  return h('section.card#case-audit', {}, h('h2', {}, t('case.audit')), body);
}

function nextActions(l, flash, rerender) {
  const roles = session.me()?.roles ?? [];
  const post = (path) => (body) => api(`/api/v1/listings/${l.id}/${path}`, { method: 'POST', body });
  const ctx = { flash, onDone: (key) => { setFlash(t('action.done', { what: t(key) })); rerender(); } };
  const today = todayInChina();
  const listName = label(l.listTypeName);
  const para = (text) => h('p.consequence', {}, text);
  const acts = [];
  const propose = can(roles, 'listing.propose');
  const decide = can(roles, 'listing.decide');
  if (l.status === 'proposed' && propose) {
    acts.push(action('action.notify', { ...ctx,
      fields: [{ name: 'noticeDate', label: t('case.noticeDate'), type: 'date', value: today, max: today }, { name: 'statementDays', label: t('case.statementDays'), type: 'number', optional: true, min: 1, max: 90 }],
      send: (v) => post('notify')({ noticeDate: v.noticeDate, ...(v.statementDays ? { statementDays: Number(v.statementDays) } : {}) }) }));
  }
  if (l.status === 'notified' && propose) {
    acts.push(action('action.statement', { ...ctx,
      fields: [
        { name: 'kind', label: t('case.kind'), options: ['statement', 'hearing_request', 'waiver'].map((k) => [k, t(`kind.${k}`)]) },
        { name: 'receivedOn', label: t('case.receivedOn'), type: 'date', value: today, max: today },
        { name: 'summary', label: t('case.summary') },
      ],
      send: post('statements') }));
  }
  if (l.status === 'notified' && decide && l.notice?.decisionAllowedFrom && l.notice.decisionAllowedFrom <= today) {
    acts.push(action('action.decide', { ...ctx, tone: 'irreversible',
      fields: [
        { name: 'decisionNumber', label: t('form.decisionNumber') },
        { name: 'startDate', label: t('form.startDate'), type: 'date', optional: true, value: today, min: today },
      ],
      confirm: async (v) => para(t('confirm.decide', { date: v.startDate ?? today, list: listName, number: v.decisionNumber, authority: session.me()?.authorities?.[0]?.name ?? '' })),
      send: post('decide') }));
  }
  if (['proposed', 'notified'].includes(l.status) && decide) {
    acts.push(action('action.drop', { ...ctx, tone: 'negative', fields: [{ name: 'reason', label: t('form.reason') }], confirm: async () => para(t('confirm.drop')), send: post('drop') }));
  }
  if (l.status === 'listed' && propose && !l.repairPending) {
    acts.push(action('action.applyRepair', { ...ctx,
      fields: [
        { name: 'penaltiesFulfilled', label: t('repair.form.penalties'), type: 'checkbox' },
        { name: 'harmRemedied', label: t('repair.form.harm'), type: 'checkbox' },
        { name: 'pledgeFiled', label: t('repair.form.pledge'), type: 'checkbox' },
        { name: 'pledgeReference', label: t('repair.form.pledgeRef'), optional: true },
        { name: 'statement', label: t('repair.form.statement') },
      ],
      send: (v) => post('repair-applications')({
        penaltiesFulfilled: v.penaltiesFulfilled === 'true', harmRemedied: v.harmRemedied === 'true', pledgeFiled: v.pledgeFiled === 'true',
        ...(v.pledgeReference ? { pledgeReference: v.pledgeReference } : {}), statement: v.statement,
      }) }));
  }
  const pending = (l.repairApplications ?? []).find((a) => a.status === 'pending');
  if (l.status === 'listed' && decide && pending) {
    const decideRepair = (body) => api(`/api/v1/listings/${l.id}/repair-applications/${pending.id}/decide`, { method: 'POST', body });
    acts.push(action('action.approveRepair', { ...ctx, tone: 'irreversible', confirm: async () => para(t('confirm.approveRepair', { date: today, list: listName })), send: () => decideRepair({ approve: true }) }));
    acts.push(action('action.refuseRepair', { ...ctx, tone: 'negative', fields: [{ name: 'refusalReason', label: t('form.reason') }], confirm: async () => para(t('confirm.refuseRepair')), send: (v) => decideRepair({ approve: false, refusalReason: v.refusalReason }) }));
  }
  const revocation = (l.revocationProposals ?? []).find((p) => p.status === 'proposed');
  if (l.status === 'listed' && decide && revocation) {
    // 拟撤销 awaits a second reviewer (issue 13 §6): approve or turn it down here, with the proposal in view
    acts.unshift(listingRevocationFacts(l, revocation));
    acts.push(...listingRevocationActions(l, ctx));
  }
  if (l.status === 'listed' && decide && !revocation) {
    acts.push(action('action.revoke', { ...ctx, tone: 'irreversible', fields: [{ name: 'reason', label: t('form.reason') }], confirm: async () => para(t('confirm.revoke', { date: today })), send: post('revoke') }));
  }
  return acts.length ? h('div.case-actions', {}, acts) : h('p.muted', {}, t('queue.noActions'));
}

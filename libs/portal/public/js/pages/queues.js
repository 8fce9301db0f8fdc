/* global FormData */
import { api, qs, session } from '../api.js';
import { formatTime, h, message, mount, table, todayInChina } from '../dom.js';
import { label, t } from '../i18n.js';
import { can } from '../roles.js';
import { errorBox } from '../session-ui.js';
import { consoleNav } from './console-nav.js';

/**
 * Work queues. Each row offers only the actions the signed-in roles allow (roles.js mirrors
 * libs/access/src/roles.ts); the server still checks, and its refusal (e.g. four-eyes) is shown
 * as the problem's title and detail.
 */
// What the last action did; shown once after the queues reload (a reload rebuilds the page).
let done = null;

export async function queuesPage(app, { rerender }) {
  const roles = session.me()?.roles ?? [];
  const flash = h('div#queue-flash', {}, done ? message('ok', t('action.done', { what: t(done) })) : null);
  done = null;
  mount(
    app,
    h('section.page', {},
      consoleNav('queues'),
      h('h1', {}, t('console.queues')),
      flash,
      ...['awaiting_notice', 'deadline_passed', 'awaiting_decision', 'repair_pending'].map((q) => listingQueue(q, roles, flash, rerender)),
      overrideQueue(roles, flash, rerender),
      objectionQueue(roles, flash, rerender),
    ),
  );
}

function queueSection(id, title, load) {
  const body = h('div', {}, h('p.muted', {}, t('loading')));
  load().then((c) => mount(body, c)).catch((err) => mount(body, errorBox(err)));
  return h('section.card.queue', { id: `queue-${id}` }, h('h2', {}, title), body);
}

/** An action button that opens a small inline form; on success shows what was done and reloads. */
function action(key, fields, send, flash, rerender) {
  const holder = h('span.action');
  const open = () => {
    const form = h(
      'form.inline-form',
      {
        onsubmit: async (e) => {
          e.preventDefault();
          const values = Object.fromEntries([...new FormData(e.target).entries()].filter(([, v]) => v !== ''));
          try {
            await send(values);
            done = key;
            rerender();
          } catch (err) {
            form.querySelector('.form-error').replaceChildren(errorBox(err));
          }
        },
      },
      fields.map((f) => h('label', {}, f.label, h('input', { name: f.name, type: f.type ?? 'text', required: !f.optional, value: f.value }))),
      h('button', { type: 'submit', 'data-action-submit': key }, t(key)),
      h('button.link', { type: 'button', onclick: () => mount(holder, button) }, t('cancel')),
      h('div.form-error'),
    );
    mount(holder, form);
  };
  const button = h('button.small', { type: 'button', 'data-action': key, onclick: fields.length ? open : async () => {
    try {
      await send({});
      done = key;
      rerender();
    } catch (err) {
      mount(flash, errorBox(err));
    }
  } }, t(key));
  mount(holder, button);
  return holder;
}

const reasonField = () => ({ name: 'reason', label: t('form.reason') });

function listingActions(queue, l, roles, flash, rerender) {
  const id = l.id;
  const post = (path, body) => api(`/api/v1/listings/${id}/${path}`, { method: 'POST', body });
  const acts = [];
  if (queue === 'awaiting_notice' && can(roles, 'listing.propose')) acts.push(action('action.notify', [], () => post('notify', {}), flash, rerender));
  if (queue === 'awaiting_decision' && can(roles, 'listing.propose')) {
    acts.push(action('action.waiver', [{ name: 'summary', label: t('form.reason') }], (v) => post('statements', { kind: 'waiver', summary: v.summary }), flash, rerender));
  }
  if (queue === 'deadline_passed' && can(roles, 'listing.decide')) {
    acts.push(action('action.decide', [
      { name: 'decisionNumber', label: t('form.decisionNumber') },
      { name: 'decidingAuthority', label: t('form.authority') },
      { name: 'startDate', label: t('form.startDate'), type: 'date', optional: true, value: todayInChina() },
    ], (v) => post('decide', v), flash, rerender));
  }
  if (['awaiting_notice', 'awaiting_decision', 'deadline_passed'].includes(queue) && can(roles, 'listing.decide')) {
    acts.push(action('action.drop', [reasonField()], (v) => post('drop', v), flash, rerender));
  }
  if (queue === 'repair_pending' && can(roles, 'listing.decide')) {
    const decideRepair = async (body) => {
      const full = await api(`/api/v1/listings/${id}`);
      const pending = (full.repairApplications ?? full.repairs ?? []).find((a) => a.status === 'pending');
      if (!pending) throw new Error('no pending repair application');
      return api(`/api/v1/listings/${id}/repair-applications/${pending.id}/decide`, { method: 'POST', body });
    };
    acts.push(action('action.approveRepair', [], () => decideRepair({ approve: true }), flash, rerender));
    acts.push(action('action.refuseRepair', [{ name: 'refusalReason', label: t('form.reason') }], (v) => decideRepair({ approve: false, refusalReason: v.refusalReason }), flash, rerender));
  }
  return acts.length ? acts : h('span.muted', {}, t('queue.noActions'));
}

function listingQueue(queue, roles, flash, rerender) {
  return queueSection(queue, t(`queue.${queue}`), async () => {
    const page = await api(`/api/v1/listings${qs({ queue, limit: 50 })}`);
    // awaiting_decision holds every notified listing; those whose statement period is over are
    // shown once, under deadline_passed, where they can be decided.
    const today = todayInChina();
    const items = (page.items ?? page).filter((l) => queue !== 'awaiting_decision' || !(l.notice?.decisionAllowedFrom && l.notice.decisionAllowedFrom <= today));
    if (!items.length) return h('p.muted', {}, t('queue.empty'));
    return table(
      [
        { label: t('field.name'), cell: (l) => h('a', { href: `#/console/enterprise?code=${encodeURIComponent(l.enterprise.uscc ?? l.enterprise.orgCode)}` }, l.enterprise.name) },
        { label: t('field.uscc'), cell: (l) => l.enterprise.uscc ?? l.enterprise.orgCode, class: 'code' },
        { label: t('field.listType'), cell: (l) => label(l.listTypeName) },
        { label: t('field.reason'), cell: (l) => l.reason },
        { label: '提出 / proposed', cell: (l) => `${l.proposal?.byName ?? ''} ${formatTime(l.proposal?.at)}` },
        { label: '陈述期限 / statement deadline', cell: (l) => (l.notice ? `${l.notice.statementDeadline}${l.notice.waived ? '（放弃 waived）' : ''}` : '') },
        { label: '操作 / actions', cell: (l) => listingActions(queue, l, roles, flash, rerender) },
      ],
      items,
      { rowClass: (l) => `listing-${l.id}` },
    );
  });
}

/** The enterprise an item is about: its name, with its code beneath (the id when the server sent no name). */
function enterpriseCell(o) {
  const e = o.enterprise;
  if (!e?.name) return h('span.code.small', {}, o.enterpriseId ?? '');
  return [h('div', {}, e.name), h('div.code.small.muted', {}, e.uscc ?? e.orgCode)];
}

function overrideQueue(roles, flash, rerender) {
  return queueSection('overrides', t('queue.overrides'), async () => {
    const rows = await api(`/api/v1/grade-overrides${qs({ status: 'proposed' })}`);
    const items = rows.items ?? rows;
    if (!items.length) return h('p.muted', {}, t('queue.empty'));
    const review = (o, decision) => (v) => api(`/api/v1/grade-overrides/${o.id}/review`, { method: 'POST', body: { decision, reason: v.reason } });
    return table(
      [
        { label: t('field.name'), cell: (o) => enterpriseCell(o) },
        { label: t('col.grade'), cell: (o) => `${o.computedGrade ?? ''} → ${o.grade}` },
        { label: t('form.reason'), cell: (o) => o.reason },
        { label: '提出 / proposed', cell: (o) => `${o.proposedByName ?? o.proposedBy ?? ''} ${formatTime(o.proposedAt)}` },
        {
          label: '操作 / actions',
          cell: (o) => (can(roles, 'grade.override.approve')
            ? [action('action.approve', [reasonField()], review(o, 'approve'), flash, rerender), action('action.reject', [reasonField()], review(o, 'reject'), flash, rerender)]
            : h('span.muted', {}, t('queue.noActions'))),
        },
      ],
      items,
    );
  });
}

function objectionQueue(roles, flash, rerender) {
  return queueSection('objections', t('queue.objections'), async () => {
    if (!can(roles, 'credit.review')) return h('p.muted', {}, t('queue.noActions'));
    const rows = await api('/api/v1/credit-objections');
    const items = rows.items ?? rows;
    if (!items.length) return h('p.muted', {}, t('queue.empty'));
    const resolve = (o, body) => (v) => api(`/api/v1/credit-objections/${o.id}/resolve`, { method: 'POST', body: { ...body, reason: v.reason } });
    return table(
      [
        { label: t('field.name'), cell: (o) => enterpriseCell(o) },
        { label: '记录 / record', cell: (o) => o.recordId, class: 'code small' },
        { label: t('form.reason'), cell: (o) => o.reason },
        { label: '期限 / deadline', cell: (o) => h(o.overdue ? 'strong.overdue' : 'span', {}, o.deadline) },
        { label: '提出 / raised', cell: (o) => `${o.raisedBy} ${formatTime(o.raisedAt)}` },
        {
          label: '操作 / actions',
          cell: (o) => [
            action('action.uphold', [reasonField()], resolve(o, { decision: 'upheld', outcome: 'revoked' }), flash, rerender),
            action('action.rejectObjection', [reasonField()], resolve(o, { decision: 'rejected' }), flash, rerender),
          ],
        },
      ],
      items,
    );
  });
}

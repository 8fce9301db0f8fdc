import { api, qs, session } from '../api.js';
import { facts, formatTime, h, message, mount, table, todayInChina } from '../dom.js';
import { label, t } from '../i18n.js';
import { can } from '../roles.js';
import { errorBox } from '../session-ui.js';
import { action } from './confirm-action.js';
import { consoleNav } from './console-nav.js';
import './case-texts.js';
import { listingRevocationActions } from './enterprise-decisions.js';

/**
 * Work queues. Each row offers only the actions the signed-in roles allow (roles.js mirrors
 * libs/access/src/roles.ts); the server still checks, and its refusal (e.g. four-eyes) is shown
 * as the problem's title and detail. Rows name the enterprise, the record disputed and who asked —
 * never an id (issue 16).
 */
// What the last action did; shown once after the queues reload (a reload rebuilds the page).
let done = null;

export async function queuesPage(app, { rerender }) {
  const roles = session.me()?.roles ?? [];
  const flash = h('div#queue-flash', { tabindex: '-1' }, done ? message('ok', t('action.done', { what: t(done) })) : null);
  const justDone = done;
  done = null;
  const ctx = { roles, flash, onDone: (key) => { done = key; rerender(); } };
  mount(
    app,
    h('section.page', {},
      consoleNav('queues'),
      h('h1', {}, t('console.queues')),
      flash,
      ...['awaiting_notice', 'deadline_passed', 'awaiting_decision', 'repair_pending', 'revocation_pending'].map((q) => listingQueue(q, ctx)),
      overrideQueue(ctx),
      objectionQueue(ctx),
    ),
  );
  if (justDone) flash.focus(); // the result of the action, for keyboard and screen-reader users
}

function queueSection(id, title, load) {
  const body = h('div', {}, h('p.muted', {}, t('loading')));
  load().then((c) => mount(body, c)).catch((err) => mount(body, errorBox(err)));
  return h('section.card.queue', { id: `queue-${id}` }, h('h2', {}, title), body);
}

const reasonField = () => ({ name: 'reason', label: t('form.reason') });
const para = (text) => h('p.consequence', {}, text);

/** The listing as the decider sees it before a decision: what was found, on what basis, and the notice. */
function listingEvidence(l) {
  return facts([
    [t('field.name'), `${l.enterprise.name}（${l.enterprise.uscc ?? l.enterprise.orgCode}）`],
    [t('field.listType'), label(l.listTypeName)],
    [t('field.reason'), l.reason],
    [t('field.legalBasis'), l.legalBasis],
    [t('field.penalty'), l.penalty?.documentNumber ? `${l.penalty.documentNumber} · ${l.penalty.authority ?? ''} · ${l.penalty.decidedOn ?? ''}` : ''],
    [t('col.deadline'), l.notice ? `${l.notice.statementDeadline}${l.notice.waived ? t('waived') : ''}` : ''],
  ]);
}

function repairEvidence(a) {
  const yn = (b) => (b ? t('yes') : t('no'));
  return h('div.evidence', {},
    h('h4', {}, t('repair.application')),
    facts([
      [t('repair.appliedOn'), a.appliedOn],
      [t('repair.penalties'), yn(a.penaltiesFulfilled)],
      [t('repair.harm'), yn(a.harmRemedied)],
      [t('repair.pledge'), a.pledgeFiled ? `${t('yes')} ${a.pledgeReference ?? ''}` : t('no')],
      [t('repair.statement'), a.statement],
      [t('repair.handledBy'), `${a.handledByName ?? ''} ${formatTime(a.createdAt)}`],
    ]));
}

function listingActions(queue, l, ctx) {
  const { roles } = ctx;
  const post = (path, body) => api(`/api/v1/listings/${l.id}/${path}`, { method: 'POST', body });
  const listName = label(l.listTypeName);
  const acts = [];
  if (queue === 'awaiting_notice' && can(roles, 'listing.propose')) acts.push(action('action.notify', { ...ctx, send: () => post('notify', {}) }));
  if (queue === 'awaiting_decision' && can(roles, 'listing.propose')) {
    acts.push(action('action.waiver', { ...ctx, fields: [{ name: 'summary', label: t('form.reason') }], send: (v) => post('statements', { kind: 'waiver', summary: v.summary }) }));
  }
  if (queue === 'deadline_passed' && can(roles, 'listing.decide')) {
    acts.push(action('action.decide', {
      ...ctx,
      tone: 'irreversible',
      fields: [
        { name: 'decisionNumber', label: t('form.decisionNumber') },
        { name: 'startDate', label: t('form.startDate'), type: 'date', optional: true, value: todayInChina() },
      ],
      confirm: async (v) => [listingEvidence(l), para(t('confirm.decide', { date: v.startDate ?? todayInChina(), list: listName, number: v.decisionNumber, authority: session.me()?.authorities?.[0]?.name ?? '' }))],
      send: (v) => post('decide', v),
    }));
  }
  if (['awaiting_notice', 'awaiting_decision', 'deadline_passed'].includes(queue) && can(roles, 'listing.decide')) {
    acts.push(action('action.drop', { ...ctx, tone: 'negative', fields: [reasonField()], confirm: async () => [listingEvidence(l), para(t('confirm.drop'))], send: (v) => post('drop', v) }));
  }
  if (queue === 'repair_pending' && can(roles, 'listing.decide')) {
    let pending = null;
    const application = async () => {
      const full = await api(`/api/v1/listings/${l.id}`);
      pending = (full.repairApplications ?? []).find((a) => a.status === 'pending');
      if (!pending) throw new Error(t('repair.none'));
      return repairEvidence(pending);
    };
    const decideRepair = (body) => api(`/api/v1/listings/${l.id}/repair-applications/${pending.id}/decide`, { method: 'POST', body });
    acts.push(action('action.approveRepair', {
      ...ctx,
      tone: 'irreversible',
      confirm: async () => [listingEvidence(l), await application(), para(t('confirm.approveRepair', { date: todayInChina(), list: listName }))],
      send: () => decideRepair({ approve: true }),
    }));
    acts.push(action('action.refuseRepair', {
      ...ctx,
      tone: 'negative',
      fields: [{ name: 'refusalReason', label: t('form.reason') }],
      confirm: async () => [await application(), para(t('confirm.refuseRepair'))],
      send: (v) => decideRepair({ approve: false, refusalReason: v.refusalReason }),
    }));
  }
  if (queue === 'revocation_pending' && can(roles, 'listing.decide')) acts.push(...listingRevocationActions(l, ctx));
  return acts.length ? acts : h('span.muted', {}, t('queue.noActions'));
}

function listingQueue(queue, ctx) {
  return queueSection(queue, t(`queue.${queue}`), async () => {
    // Issue 24: the queues open on the user's region (reads stay nationwide; the national authority's prefix is empty)
    const regionPrefix = session.me()?.authorities?.[0]?.regionPrefix || undefined;
    const page = await api(`/api/v1/listings${qs({ queue, limit: 50, regionPrefix })}`);
    // awaiting_decision holds every notified listing; those whose statement period is over are
    // shown once, under deadline_passed, where they can be decided.
    const today = todayInChina();
    let items = (page.items ?? page).filter((l) => queue !== 'awaiting_decision' || !(l.notice?.decisionAllowedFrom && l.notice.decisionAllowedFrom <= today));
    // the proposal (reason, proposer) is on the listing's detail
    if (queue === 'revocation_pending') items = await Promise.all(items.map((l) => api(`/api/v1/listings/${l.id}`)));
    if (!items.length) return h('p.muted', {}, t('queue.empty'));
    return table(
      [
        { label: t('field.name'), cell: (l) => [h('a', { href: `#/console/enterprise?code=${encodeURIComponent(l.enterprise.uscc ?? l.enterprise.orgCode)}` }, l.enterprise.name), h('div.code.small.muted', {}, l.enterprise.uscc ?? l.enterprise.orgCode)] },
        { label: t('field.listType'), cell: (l) => [h('div', {}, label(l.listTypeName)), h('a.case-link.small', { href: `#/console/listing?id=${l.id}` }, t('case.open'))] },
        { label: t('field.reason'), cell: (l) => l.reason },
        { label: t('col.proposed'), cell: (l) => [h('div', {}, l.proposal?.byName ?? ''), h('div.small.muted', {}, formatTime(l.proposal?.at))] },
        { label: t('col.deadline'), cell: (l) => (l.notice ? `${l.notice.statementDeadline}${l.notice.waived ? t('waived') : ''}` : '') },
        { label: t('col.actions'), cell: (l) => listingActions(queue, l, ctx) },
      ],
      items,
      { rowClass: (l) => `listing-${l.id}` },
    );
  });
}

/** The enterprise an item is about: its name, with its code beneath. */
function enterpriseCell(o) {
  const e = o.enterprise;
  if (!e?.name) return '';
  // the enterprise's page holds the case: computed grade and explanation, the record and its evidence
  return [h('a.case-link', { href: `#/console/enterprise?code=${encodeURIComponent(e.uscc ?? e.orgCode)}` }, e.name), h('div.code.small.muted', {}, e.uscc ?? e.orgCode)];
}

const badge = (grade) => (grade ? h(`span.grade.grade-${grade}`, {}, grade) : h('span.muted', {}, t('lookup.notGraded')));

function overrideQueue(ctx) {
  return queueSection('overrides', t('queue.overrides'), async () => {
    const rows = await api(`/api/v1/grade-overrides${qs({ status: 'proposed' })}`);
    const items = rows.items ?? rows;
    if (!items.length) return h('p.muted', {}, t('queue.empty'));
    const review = (o, decision) => (v) => api(`/api/v1/grade-overrides/${o.id}/review`, { method: 'POST', body: { decision, reason: v.reason } });
    const evidence = (o) => facts([[t('field.name'), enterpriseCell(o)], [t('col.currentGrade'), badge(o.currentGrade?.grade)], [t('col.proposedGrade'), badge(o.grade)], [t('form.reason'), o.reason]]);
    const from = (o) => o.currentGrade?.grade ?? t('lookup.notGraded');
    return table(
      [
        { label: t('field.name'), cell: (o) => enterpriseCell(o) },
        { label: t('col.gradeChange'), cell: (o) => h('span.grade-change', {}, badge(o.currentGrade?.grade), ' → ', badge(o.grade)) },
        { label: t('form.reason'), cell: (o) => o.reason },
        { label: t('col.proposed'), cell: (o) => [h('div', {}, o.proposedByName ?? ''), h('div.small.muted', {}, formatTime(o.proposedAt))] },
        {
          label: t('col.actions'),
          cell: (o) => (can(ctx.roles, 'grade.override.approve')
            ? [
                action('action.approve', { ...ctx, tone: 'irreversible', fields: [reasonField()], confirm: async () => [evidence(o), para(t('confirm.approveOverride', { date: todayInChina(), from: from(o), to: o.grade }))], send: review(o, 'approve') }),
                action('action.reject', { ...ctx, tone: 'negative', fields: [reasonField()], confirm: async () => [evidence(o), para(t('confirm.rejectOverride', { from: from(o) }))], send: review(o, 'reject') }),
              ]
            : h('span.muted', {}, t('queue.noActions'))),
        },
      ],
      items,
    );
  });
}

/** What an objection disputes: the record's category, document number and date. */
function recordCell(o) {
  const r = o.record ?? {};
  return [h('div', {}, label(r.categoryName) || r.categoryCode || ''), h('div.small.muted', {}, [r.documentNumber, r.occurredOn, r.issuingDepartment].filter(Boolean).join(' · '))];
}

function objectionQueue(ctx) {
  return queueSection('objections', t('queue.objections'), async () => {
    if (!can(ctx.roles, 'credit.review')) return h('p.muted', {}, t('queue.noActions'));
    const rows = await api('/api/v1/credit-objections');
    const items = rows.items ?? rows;
    if (!items.length) return h('p.muted', {}, t('queue.empty'));
    const resolve = (o, body) => (v) => api(`/api/v1/credit-objections/${o.id}/resolve`, { method: 'POST', body: { ...body, reason: v.reason } });
    const evidence = (o) => facts([[t('field.name'), enterpriseCell(o)], [t('col.record'), recordCell(o)], [t('form.reason'), o.reason]]);
    return table(
      [
        { label: t('field.name'), cell: (o) => enterpriseCell(o) },
        { label: t('col.record'), cell: (o) => recordCell(o) },
        { label: t('form.reason'), cell: (o) => o.reason },
        { label: t('col.objDeadline'), cell: (o) => h(o.overdue ? 'strong.overdue' : 'span', {}, o.deadline) },
        { label: t('col.raised'), cell: (o) => [h('div', {}, o.raisedByName ?? ''), h('div.small.muted', {}, formatTime(o.raisedAt))] },
        {
          label: t('col.actions'),
          cell: (o) => [
            action('action.uphold', { ...ctx, tone: 'irreversible', fields: [reasonField()], confirm: async () => [evidence(o), para(t('confirm.uphold', { date: todayInChina() }))], send: resolve(o, { decision: 'upheld', outcome: 'revoked' }) }),
            action('action.rejectObjection', { ...ctx, tone: 'negative', fields: [reasonField()], confirm: async () => [evidence(o), para(t('confirm.rejectObjection'))], send: resolve(o, { decision: 'rejected' }) }),
          ],
        },
      ],
      items,
    );
  });
}

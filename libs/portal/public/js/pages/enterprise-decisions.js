import { api, session } from '../api.js';
import { facts, formatTime, h, mount, todayInChina } from '../dom.js';
import { label, lang, statusText, t } from '../i18n.js';
import { can } from '../roles.js';
import { errorBox } from '../session-ui.js';
import { action } from './confirm-action.js';
import { setFlash } from './enterprise-actions.js';
import './decision-texts.js';
import './case-texts.js';

/**
 * 待决事项 on the enterprise's page (issue 16): every decision a reviewer owes this enterprise — a grade
 * override, an objection, a proposed revocation of a credit record or of a listing — with the case in
 * front of the decider: the computed grade and its explanation beside the requested one, the record
 * disputed with its document and basis, the reasons, and who asked (names, never ids). Each decision
 * goes through the confirmation step; a four-eyes refusal reads as the server's problem title.
 */
export function decisionsSection(record, { flash, rerender }) {
  const roles = session.me()?.roles ?? [];
  const mayOverride = can(roles, 'grade.override.approve');
  const mayCredit = can(roles, 'credit.review');
  const mayListing = can(roles, 'listing.decide');
  if (!mayOverride && !mayCredit && !mayListing) return null;
  const code = record.uscc ?? record.orgCode;
  const c = encodeURIComponent(code);
  const ours = (e) => e && (e.uscc ?? e.orgCode) === code;
  const ctx = { flash, onDone: (key) => { setFlash(t('action.done', { what: t(key) })); rerender(); } };
  const body = h('div', {}, h('p.muted', {}, t('loading')));
  const load = async () => {
    const [grade, overrides, objections, records, listings] = await Promise.all([
      mayOverride ? api(`/api/v1/enterprises/${c}/grade`).catch(() => null) : null,
      mayOverride ? api('/api/v1/grade-overrides?status=proposed') : [],
      mayCredit ? api('/api/v1/credit-objections') : [],
      mayCredit ? api(`/api/v1/enterprises/${c}/credit-records?limit=200`) : { items: [] },
      mayListing ? api(`/api/v1/listings?enterprise=${c}&queue=revocation_pending`) : { items: [] },
    ]);
    const recordsById = new Map((records.items ?? records).map((r) => [r.id, r]));
    const cards = [
      ...(overrides.items ?? overrides).filter((o) => ours(o.enterprise)).map((o) => overrideCard(o, grade, ctx)),
      ...(objections.items ?? objections).filter((o) => ours(o.enterprise)).map((o) => objectionCard(o, recordsById.get(o.recordId), ctx)),
      ...[...recordsById.values()].filter((r) => r.revocationPending).map((r) => recordRevocationCard(r, ctx)),
      ...(await Promise.all((listings.items ?? listings).map((l) => api(`/api/v1/listings/${l.id}`)))).map((l) => listingRevocationCard(l, ctx)),
    ];
    return cards.length ? [h('p.muted', {}, t('dec.hint')), ...cards] : h('p.muted#decisions-none', {}, t('dec.none'));
  };
  load().then((content) => mount(body, content)).catch((err) => mount(body, errorBox(err)));
  return h('section.card#decisions', {}, h('h2', {}, t('dec.title')), body);
}

const badge = (grade) => (grade ? h(`span.grade.grade-${grade}`, {}, grade) : h('span.muted', {}, t('lookup.notGraded')));
const para = (text) => h('p.consequence', {}, text);
const asked = (name, at) => `${name ?? ''}${at ? ` · ${formatTime(at)}` : ''}`;

function card(kind, id, evidence, actions) {
  return h(`article.decision#${kind}-${id}`, { 'data-decision': kind }, h('h3', {}, t(`dec.${kind}`)), evidence, h('div.actions', {}, actions));
}

/** The override beside what the model computed: grade, score, the explanation in words. */
function overrideCard(o, g, ctx) {
  const evidence = () => facts([
    [t('dec.computed'), g ? [badge(g.grade), ' ', t('dec.modelScore', { score: g.score, model: g.modelVersion })] : badge(null)],
    [t('dec.explanation'), g?.summary?.[lang()]?.length ? h('ol.explanation', {}, g.summary[lang()].map((line) => h('li', {}, line))) : ''],
    [t('dec.requested'), badge(o.grade)],
    [t('dec.reason'), o.reason],
    [t('dec.askedBy'), asked(o.proposedByName, o.proposedAt)],
  ]);
  const from = g?.grade ?? o.currentGrade?.grade ?? t('lookup.notGraded');
  const review = (decision) => (v) => api(`/api/v1/grade-overrides/${o.id}/review`, { method: 'POST', body: { decision, reason: v.reason } });
  const reason = [{ name: 'reason', label: t('form.reason') }];
  return card('override', o.id, evidence(), [
    action('action.approve', { ...ctx, tone: 'irreversible', fields: reason, confirm: async () => [evidence(), para(t('confirm.approveOverride', { date: todayInChina(), from, to: o.grade }))], send: review('approve') }),
    action('action.reject', { ...ctx, tone: 'negative', fields: reason, confirm: async () => [evidence(), para(t('confirm.rejectOverride', { from }))], send: review('reject') }),
  ]);
}

/** The credit record as the decider needs it: category, document, date, department, basis, description. */
function recordFacts(r, fallback = {}) {
  const x = r ?? fallback;
  return [
    [t('dec.record'), label(x.categoryName) || x.categoryCode || ''],
    [t('dec.document'), x.documentNumber],
    [t('dec.occurredOn'), x.occurredOn],
    [t('dec.department'), x.issuingDepartment],
    [t('dec.legalBasis'), r?.legalBasis],
    [t('dec.description'), r?.description],
    [t('dec.recordStatus'), r ? statusText(r.status) : ''],
  ];
}

function objectionCard(o, r, ctx) {
  const evidence = () => facts([
    ...recordFacts(r, o.record),
    [t('dec.objectionReason'), o.reason],
    [t('dec.askedBy'), asked(o.raisedByName, o.raisedAt)],
    [t('dec.deadline'), h(o.overdue ? 'strong.overdue' : 'span', {}, o.deadline)],
  ]);
  const resolve = (extra) => (v) => api(`/api/v1/credit-objections/${o.id}/resolve`, { method: 'POST', body: { ...extra, reason: v.reason } });
  const reason = [{ name: 'reason', label: t('form.reason') }];
  return card('objection', o.id, evidence(), [
    action('action.uphold', { ...ctx, tone: 'irreversible', fields: reason, confirm: async () => [evidence(), para(t('confirm.uphold', { date: todayInChina() }))], send: resolve({ decision: 'upheld', outcome: 'revoked' }) }),
    action('action.rejectObjection', { ...ctx, tone: 'negative', fields: reason, confirm: async () => [evidence(), para(t('confirm.rejectObjection'))], send: resolve({ decision: 'rejected' }) }),
  ]);
}

/** 批准撤销 by a second reviewer (issue 13 §6): the record, the proposal's reason and its proposer. */
function recordRevocationCard(r, ctx) {
  const p = r.revocationPending;
  const evidence = () => facts([...recordFacts(r), [t('dec.revocationReason'), p.reason], [t('dec.askedBy'), asked(p.proposedByName, p.proposedAt)]]);
  const post = (path, body) => () => api(`/api/v1/credit-records/${r.id}/${path}`, { method: 'POST', body });
  return card('recordRevocation', r.id, evidence(), [
    action('action.approveRevocation', { ...ctx, tone: 'irreversible', confirm: async () => [evidence(), para(t('confirm.approveRecordRevocation', { date: todayInChina() }))], send: post('revoke/approve', {}) }),
    action('action.rejectRevocation', { ...ctx, tone: 'negative', fields: [{ name: 'reason', label: t('form.reason') }], confirm: async () => [evidence(), para(t('confirm.rejectRecordRevocation'))], send: (v) => post('revoke/reject', { reason: v.reason })() }),
  ]);
}

export function listingRevocationActions(l, ctx) {
  const p = (l.revocationProposals ?? []).find((x) => x.status === 'proposed');
  if (!p) return [];
  const evidence = () => listingRevocationFacts(l, p);
  const post = (path, body) => api(`/api/v1/listings/${l.id}/${path}`, { method: 'POST', body });
  return [
    action('action.approveRevocation', { ...ctx, tone: 'irreversible', confirm: async () => [evidence(), para(t('confirm.revoke', { date: todayInChina() }))], send: () => post('revoke/approve', {}) }),
    action('action.rejectRevocation', { ...ctx, tone: 'negative', fields: [{ name: 'reason', label: t('form.reason') }], confirm: async () => [evidence(), para(t('confirm.rejectListingRevocation'))], send: (v) => post('revoke/reject', { reason: v.reason }) }),
  ];
}

export function listingRevocationFacts(l, p) {
  return facts([
    [t('dec.listing'), `${label(l.listTypeName)} · ${statusText(l.status)}`],
    [t('field.reason'), l.reason],
    [t('dec.decision'), l.decision ? `${l.decision.decisionNumber} · ${l.decision.decidingAuthority} · ${l.decision.startDate} → ${l.decision.plannedEndDate}` : ''],
    [t('dec.revocationReason'), p.reason],
    [t('dec.askedBy'), asked(p.proposedByName, p.proposedAt)],
  ]);
}

function listingRevocationCard(l, ctx) {
  const p = (l.revocationProposals ?? []).find((x) => x.status === 'proposed');
  if (!p) return null;
  return card('listingRevocation', l.id, [listingRevocationFacts(l, p), h('a.case-link', { href: `#/console/listing?id=${l.id}` }, t('dec.inCaseFile'))], listingRevocationActions(l, ctx));
}

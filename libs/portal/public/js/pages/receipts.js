import { api, qs, session } from '../api.js';
import { formatTime, h, message, mount, table } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox, loginForms } from '../session-ui.js';
import { action } from './confirm-action.js';
import { consoleNav } from './console-nav.js';
import './receipt-texts.js';

let flashText = null;

const enterprise = (r) => (r.answer?.enterprise ? [h('div', {}, r.answer.enterprise.name), h('div.code.small.muted', {}, r.answer.enterprise.uscc ?? r.answer.enterprise.orgCode)] : r.code);
const feedbackText = (f) => (f.outcome === 'applied' ? t('rcpt.applied', { measure: f.measureCode }) : t('rcpt.notApplied', { reason: f.reason }));

/**
 * 核查回执 (#/receipts, issue 16; docs/checks.md 应查必查、反馈): a partner agency signed in with its key (or a staff
 * user, for their own checks) sees its receipts newest first, `?feedback=missing` those still awaiting feedback,
 * and reports the measure applied or why not.
 */
export async function receiptsPage(app, { params, go, rerender }) {
  if (!session.kind()) return mount(app, h('section.page', {}, h('h1', {}, t('rcpt.title')), loginForms({ partner: true, done: rerender })));
  const flash = h('div#receipt-flash', { tabindex: '-1' }, flashText ? message('ok', flashText) : null);
  const hadFlash = !!flashText;
  flashText = null;
  const filter = params.get('feedback') === 'missing' ? 'missing' : '';
  const body = h('div#receipt-list', {}, h('p.muted', {}, t('loading')));
  const ctx = { flash, onDone: () => rerender() };
  mount(app, h('section.page', {},
    h('h1', {}, t('rcpt.title')), h('p.muted', {}, t('rcpt.hint')), flash,
    h('nav.sub-nav', {},
      h('a', { href: '#/receipts', class: filter ? '' : 'active' }, t('rcpt.all')),
      h('a', { href: '#/receipts?feedback=missing', class: filter ? 'active' : '' }, t('rcpt.missing'))),
    body));
  try {
    const page = await api(`/api/v1/checks/receipts${qs({ feedback: filter, limit: 100 })}`);
    mount(body, page.items.length ? table([
      { label: t('rcpt.time'), cell: (r) => formatTime(r.time) },
      { label: t('rcpt.enterprise'), cell: enterprise },
      { label: t('rcpt.purpose'), cell: (r) => t(`purpose.${r.purpose}`) },
      { label: t('rcpt.asOf'), cell: (r) => r.asOf },
      { label: t('rcpt.verdict'), cell: (r) => t(`verdict.${r.verdict}`) },
      { label: t('rcpt.number'), cell: (r) => h('span.code.small', {}, r.receiptId) },
      { label: t('rcpt.feedback'), cell: (r) => (r.feedback ? h('span.feedback-given', {}, feedbackText(r.feedback)) : feedbackAction(r, ctx)) },
    ], page.items, { rowClass: (r) => `receipt-${r.receiptId}` }) : h('p.muted', {}, t('rcpt.none')));
  } catch (err) {
    mount(body, errorBox(err));
  }
  if (hadFlash) flash.focus();
  void go;
}

function feedbackAction(r, ctx) {
  const measures = r.answer?.measures ?? [];
  return action('action.giveFeedback', {
    ...ctx,
    fields: [
      { name: 'outcome', label: t('rcpt.outcome'), options: [...(measures.length ? ['applied'] : []), 'not_applied'].map((o) => [o, t(`outcome.${o}`)]) },
      ...(measures.length ? [{ name: 'measureCode', label: t('rcpt.measure'), options: measures.map((m) => [m, m]), optional: true }] : []),
      { name: 'reason', label: t('rcpt.reason'), optional: true },
      { name: 'note', label: t('rcpt.note'), optional: true },
    ],
    send: async (v) => {
      const body = v.outcome === 'applied' ? { outcome: 'applied', measureCode: v.measureCode } : { outcome: 'not_applied', reason: v.reason ?? '' };
      if (v.note) body.note = v.note;
      await api(`/api/v1/checks/receipts/${r.receiptId}/feedback`, { method: 'POST', body });
      flashText = t('action.done', { what: t('action.giveFeedback') });
    },
  });
}

/** 反馈情况 (#/console/feedback, staff with check.stats.read): the feedback the agencies gave, newest check first. */
export async function feedbackQueuePage(app) {
  const body = h('div#feedback-list', {}, h('p.muted', {}, t('loading')));
  mount(app, h('section.page', {}, consoleNav('feedback'), h('h1', {}, t('fb.title')), body));
  try {
    const page = await api('/api/v1/checks/feedback?limit=100');
    mount(body, page.items.length ? table([
      { label: t('fb.agency'), cell: (r) => r.agency?.name ?? t('fb.staff') },
      { label: t('rcpt.enterprise'), cell: enterprise },
      { label: t('rcpt.purpose'), cell: (r) => t(`purpose.${r.purpose}`) },
      { label: t('rcpt.verdict'), cell: (r) => t(`verdict.${r.verdict}`) },
      { label: t('rcpt.time'), cell: (r) => formatTime(r.time) },
      { label: t('rcpt.feedback'), cell: (r) => [h('div', {}, feedbackText(r.feedback)), r.feedback.note ? h('div.small.muted', {}, r.feedback.note) : null] },
      { label: t('fb.given'), cell: (r) => `${r.feedback.givenBy?.name ?? ''} · ${formatTime(r.feedback.givenAt)}` },
    ], page.items) : h('p.muted', {}, t('rcpt.none')));
  } catch (err) {
    mount(body, errorBox(err));
  }
}

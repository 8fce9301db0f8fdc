/* global FormData */
import { api } from '../api.js';
import { facts, formatTime, h, message, mount, table } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox } from '../session-ui.js';

/**
 * 回执核验 (public): a receipt number from a printed report → what the registry answered then:
 * verdict, as-of date, time, enterprise. Never who asked (GET /api/v1/public/receipts/{id}).
 */
export async function verifyPage(app, { params, go }) {
  const out = h('div#verify-result');
  const form = h(
    'form.search#verify-form',
    { onsubmit: (e) => { e.preventDefault(); go('verify', { id: String(new FormData(e.target).get('id')).trim() }); } },
    h('input', { name: 'id', value: params.get('id') ?? '', placeholder: '0193…', 'aria-label': t('verify.id'), required: true }),
    h('button', { type: 'submit' }, t('verify.do')),
  );
  mount(app, h('section.page', {}, h('h1', {}, t('verify.title')), h('p.muted', {}, t('verify.hint')), form, out));
  const id = params.get('id');
  if (!id) return;
  mount(out, h('p.muted', {}, t('loading')));
  try {
    // a printed report names receipt numbers and its batch id (its QR code holds the batch id): try both
    const r = await api(`/api/v1/public/receipts/${encodeURIComponent(id)}`).catch(async (err) => {
      if (err.status !== 404) throw err;
      return { batch: await api(`/api/v1/public/batches/${encodeURIComponent(id)}`) };
    });
    if (r.batch) return mount(out, verifiedBatch(r.batch));
    mount(
      out,
      h('div.card#verified-receipt', {},
        message('ok', t('verify.found')),
        facts([
          [t('col.receipt'), r.receiptId],
          [t('check.batch'), r.batchId],
          [t('col.verdict'), h(`span.verdict.verdict-${r.verdict}`, { id: 'verified-verdict' }, t(`verdict.${r.verdict}`))],
          [t('field.name'), r.enterprise?.name],
          [t('field.uscc'), r.enterprise?.uscc],
          [t('field.orgCode'), r.enterprise?.orgCode],
          [t('col.grade'), r.grade],
          [t('check.purpose'), t(`purpose.${r.purpose}`)],
          [t('check.asOf'), h('span#verified-as-of', {}, r.asOf)],
          [t('check.time'), h('span#verified-time', {}, formatTime(r.time))],
          [t('verify.measures'), r.measures.join('、')],
        ]),
        h('p.muted.small', {}, t('verify.privacy')),
      ),
    );
  } catch (err) {
    mount(out, err.status === 404 ? message('warn', t('verify.notFound', { id })) : errorBox(err));
  }
}

/** A whole batch: its parameters, the digest printed on the report, and every answer in input order. */
function verifiedBatch(b) {
  return h('div.card#verified-batch', {},
    message('ok', t('verify.batchFound', { count: b.count })),
    facts([
      [t('check.batch'), b.batchId],
      [t('check.purpose'), t(`purpose.${b.purpose}`)],
      [t('check.asOf'), h('span#verified-as-of', {}, b.asOf)],
      [t('check.time'), h('span#verified-time', {}, formatTime(b.time))],
      [t('verify.digest'), h('code#verified-digest', {}, b.digest)],
    ]),
    table([
      { label: t('col.row'), cell: (i) => i.position ?? '' },
      { label: t('field.name'), cell: (i) => i.enterprise?.name ?? '' },
      { label: t('field.uscc'), cell: (i) => i.enterprise?.uscc ?? i.enterprise?.orgCode ?? '' },
      { label: t('col.verdict'), cell: (i) => h(`span.verdict.verdict-${i.verdict}`, {}, t(`verdict.${i.verdict}`)) },
      { label: t('col.grade'), cell: (i) => i.grade ?? '' },
      { label: t('col.receipt'), cell: (i) => h('span.code.small', {}, i.receiptId) },
    ], b.items, { class: 'data', attrs: { id: 'verified-items' } }),
    h('p.muted.small', {}, t('verify.digestNote')),
    h('p.muted.small', {}, t('verify.privacy')),
  );
}

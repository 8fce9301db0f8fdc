/* global window, sessionStorage, FormData, Blob */
import { api, qs, session } from '../api.js';
import { batchCsv } from '../csv.js';
import { download, formatTime, h, message, mount, table, todayInChina } from '../dom.js';
import { label, lang, t } from '../i18n.js';
import { errorBox, loginForms } from '../session-ui.js';

export const PURPOSES = ['government_procurement', 'public_bidding', 'financing', 'insurance_guarantee', 'honours', 'subsidies', 'licensing', 'state_land', 'office_holding'];
const LAST = 'qcr.lastBatch';

/** Codes from pasted text: one per line, or separated by commas, semicolons, tabs or spaces. */
export function splitCodes(text) {
  return text.split(/[\r\n,;，；\t]+/).map((s) => s.trim()).filter(Boolean);
}

/** The header names the server's reader knows (libs/joint-measures supplier-list.ts), as an empty list to fill in. */
const TEMPLATE = '\uFEFF序号,企业名称,统一社会信用代码\r\n';

/** 采购核查: staff or a partner key session; results in input order, printable, downloadable. */
export async function checkPage(app, { rerender }) {
  if (!session.kind()) return mount(app, h('section.page', {}, h('h1', {}, t('check.title')), loginForms({ partner: true, done: rerender })));
  // Only the purposes this caller may use (a partner: its agency's). The call also proves the key:
  // a wrong key answers 401, api() drops the session, and the sign-in forms come back with the reason.
  let allowed;
  try {
    allowed = (await api('/api/v1/checks/purposes')).purposes;
  } catch (err) {
    if (!session.kind()) return mount(app, h('section.page', {}, h('h1', {}, t('check.title')), errorBox(err), loginForms({ partner: true, done: rerender })));
    return mount(app, h('section.page', {}, h('h1', {}, t('check.title')), errorBox(err)));
  }
  const out = h('div#check-result');
  const form = h(
    'form.card.check-form#check-form',
    { onsubmit: (e) => { e.preventDefault(); run(e.target, out); } },
    h('label', {}, t('check.codes'), h('textarea', { name: 'codes', rows: 8, placeholder: '91350200776049653A\n77604965-3' })),
    h('label', {}, t('check.file'), h('input', { name: 'file', type: 'file', accept: '.csv,.xlsx,.txt,text/csv,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })),
    h('p.muted.small', {}, t('check.formats'), ' ', h('button.link#download-template', { type: 'button', onclick: () => download('供应商名单模板.csv', TEMPLATE) }, t('check.template'))),
    h('div.row', {},
      h('label', {}, t('check.purpose'), h('select', { name: 'purpose' }, PURPOSES.filter((p) => allowed.includes(p)).map((p) => h('option', { value: p }, t(`purpose.${p}`))))),
      h('label', {}, t('check.asOf'), h('input', { name: 'asOf', type: 'date', value: todayInChina(), required: true })),
    ),
    h('button', { type: 'submit' }, t('check.run')),
  );
  mount(app, h('section.page', {}, h('h1', {}, t('check.title')), h('p.muted', {}, t('check.hint')), form, out));
  const last = JSON.parse(sessionStorage.getItem(LAST) ?? 'null');
  if (last) showResult(out, last);
}

async function run(form, out) {
  const f = new FormData(form);
  const pasted = String(f.get('codes') ?? '');
  const file = f.get('file');
  const purpose = String(f.get('purpose'));
  const asOf = String(f.get('asOf'));
  const hasFile = file && typeof file === 'object' && file.size > 0;
  const hasPaste = splitCodes(pasted).length > 0;
  if (!hasPaste && !hasFile) return mount(out, message('warn', t('check.empty')));
  // never merge silently: the user says which list is meant
  if (hasPaste && hasFile) return mount(out, message('warn', t('check.both')));
  mount(out, h('p.muted', {}, t('loading')));
  try {
    // Pasted text goes to the same server reader as a file (tabs/commas, code column found by content).
    const body = new FormData();
    body.set('purpose', purpose);
    body.set('asOf', asOf);
    if (hasFile) body.set('file', file, file.name);
    else body.set('file', new Blob([pasted], { type: 'text/plain;charset=utf-8' }), 'paste.txt');
    const result = await api('/api/v1/checks/batch', { method: 'POST', form: body });
    sessionStorage.setItem(LAST, JSON.stringify(result));
    showResult(out, result);
  } catch (err) {
    mount(out, errorBox(err));
  }
}

function verdictBadge(v) {
  return h(`span.verdict.verdict-${v}`, {}, t(`verdict.${v}`));
}

/** excluded / caution / priority get their own style (legend below); ordinary answers show none. */
function standingBadge(s) {
  return ['excluded', 'caution', 'priority'].includes(s) ? h(`span.standing.standing-${s}`, {}, t(`standing.${s}`)) : null;
}

/** 存续 plainly; 注销 / 吊销 in red with a warning, never a silent 无限制. */
function statusCell(r) {
  if (!r.registrationStatus) return '';
  if (r.statusWarning) return h(`span.status-warning.status-warning-${r.statusWarning}`, {}, `⚠ ${t(`regStatus.${r.registrationStatus}`)}`);
  return t(`regStatus.${r.registrationStatus}`);
}

/** What the three styles mean, shown above the table and in print. */
export function standingLegend() {
  return h('dl.legend#standing-legend', {},
    ['excluded', 'caution', 'priority'].map((s) => [h('dt', {}, h(`span.standing.standing-${s}`, {}, t(`standing.${s}`))), h('dd', {}, t(`standing.${s}.meaning`))]),
    h('dt', {}, h('span.status-warning', {}, `⚠ ${t('regStatus.deregistered')} / ${t('regStatus.revoked')}`)), h('dd', {}, t('standing.statusWarning.meaning')),
  );
}

function detail(r, measures) {
  if (r.verdict === 'invalid') return `${r.line ? `${t('check.line', { line: r.line })} ` : ''}${t(`rule.${r.error?.rule}`)}：${r.error?.message ?? ''}`;
  const parts = [];
  if (r.duplicateOf !== undefined && r.duplicateOf !== null) parts.push(h('div.muted', {}, t('check.duplicate', { row: r.duplicateOf + 1 })));
  for (const l of r.listings ?? []) parts.push(h('div.reason', {}, `${label(l.listTypeName)}：${l.reason}（${l.decisionNumber}，${l.startDate}–${l.plannedEndDate}）`));
  for (const code of r.measures ?? []) {
    const m = measures?.[code];
    parts.push(h('div.measure', {}, `${code} ${m ? label(m.text) : ''}${m?.legalBasis ? `（${m.legalBasis}）` : ''}`));
  }
  return parts;
}

export function resultTable(result) {
  return table(
    [
      { label: t('col.row'), cell: (r) => r.index + 1 },
      { label: t('col.code'), cell: (r) => r.code, class: 'code' },
      { label: t('col.verdict'), cell: (r) => [verdictBadge(r.verdict), ' ', standingBadge(r.standing)] },
      { label: t('col.enterprise'), cell: (r) => r.enterprise?.name ?? '' },
      { label: t('col.status'), cell: statusCell },
      { label: t('col.grade'), cell: (r) => (r.grade?.grade ? h(`span.grade.grade-${r.grade.grade}`, {}, r.grade.grade) : '') },
      { label: t('col.detail'), cell: (r) => detail(r, result.measures) },
      { label: t('col.receipt'), cell: (r) => r.receiptId ?? '', class: 'code small' },
    ],
    result.results,
    { class: 'data results', attrs: { id: 'check-table' }, rowClass: (r) => `row-${r.verdict}${r.standing ? ` standing-row-${r.standing}` : ''}${r.statusWarning ? ' row-status-warning' : ''}` },
  );
}

function summaryLine(result) {
  return t('check.summary', { count: result.count, ...Object.fromEntries(['restricted', 'priority', 'clear', 'not_registered', 'invalid'].map((k) => [k, result.summary?.[k] ?? 0])) });
}

function showResult(out, result) {
  mount(
    out,
    h('div.result-head', {},
      h('p#check-summary', {}, summaryLine(result)),
      h('p.muted', {}, `${t('check.purpose')}：${t(`purpose.${result.purpose}`)} · ${t('check.asOf')}：${result.asOf} · ${t('check.time')}：${formatTime(result.time)} · ${t('check.batch')}：${result.batchId}`),
      h('div.actions.no-print', {},
        h('button#download-csv', { type: 'button', onclick: () => download(`checks-${result.purpose}-${result.asOf}.csv`, batchCsv(result)) }, t('check.csv')),
        h('button#download-xlsx', { type: 'button', onclick: () => downloadReport(out, result, 'xlsx') }, t('check.xlsx')),
        h('button#download-pdf', { type: 'button', onclick: () => downloadReport(out, result, 'pdf') }, t('check.pdf')),
        h('a.button#print-view', { href: '#/check/print' }, t('check.print')),
      ),
      h('div#download-message', { 'aria-live': 'polite' }),
    ),
    skippedRows(result),
    standingLegend(),
    resultTable(result),
  );
}

/**
 * xlsx and PDF come from the server, built from the check log (GET /api/v1/checks/batches/{id}/report):
 * the paper is what was answered and logged, not what the browser holds, and nothing is checked twice.
 */
async function downloadReport(out, result, format) {
  const box = out.querySelector('#download-message');
  mount(box, message('info', t('check.downloading')));
  try {
    const bytes = await api(`/api/v1/checks/batches/${result.batchId}/report${qs({ format, lang: lang() === 'en' ? 'en' : 'zh' })}`, { accept: '*/*', blob: true });
    download(`checks-${result.purpose}-${result.asOf}-${result.batchId.slice(0, 8)}.${format}`, bytes);
    mount(box);
  } catch (err) {
    mount(box, errorBox(err));
  }
}

/** Rows of the file that held no code: each with its line and why, in the page's language. */
function skippedRows(result) {
  const skipped = result.source?.skipped ?? [];
  if (!skipped.length) return null;
  return message('warn', h('strong', {}, t('check.skipped', { n: skipped.length })), h('ul#skipped-rows', {}, skipped.map((s) => h('li', {}, label(s.message)))));
}

/** A print layout for the tender file: header, parameters, the table, the receipt note. */
export async function printPage(app) {
  const result = JSON.parse(sessionStorage.getItem(LAST) ?? 'null');
  if (!result) return mount(app, message('warn', t('check.empty')));
  mount(
    app,
    h('section.page.print-view#print-page', {},
      h('div.actions.no-print', {}, h('button', { type: 'button', onclick: () => window.print() }, t('print.do')), h('a.button', { href: '#/check' }, t('close'))),
      h('h1', {}, t('print.title')),
      h('p', {}, `${t('check.purpose')}：${t(`purpose.${result.purpose}`)} · ${t('check.asOf')}：${result.asOf}`),
      h('p', {}, `${t('check.time')}：${formatTime(result.time)} · ${t('check.by')}：${result.askedBy?.name ?? ''} · ${t('check.batch')}：${result.batchId}`),
      h('p', {}, summaryLine(result)),
      standingLegend(),
      resultTable(result),
      h('p.muted', {}, t('print.note')),
      h('div.print-verify', {},
        // the QR code opens the public verification of this batch (GET /api/v1/public/batches/{id})
        h('img#print-qr', { src: `/api/v1/public/verification-qr/${result.batchId}`, alt: t('print.qr'), width: 96, height: 96 }),
        h('p.muted#print-verify', {}, t('print.verify', { url: `${window.location.origin}/portal/#/verify?id=${result.batchId}` })),
      ),
    ),
  );
}

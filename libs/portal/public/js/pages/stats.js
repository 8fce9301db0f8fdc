/* global FormData */
import { api, qs } from '../api.js';
import { barChart, lineChart } from '../charts.js';
import { download, h, message, mount, table, todayInChina } from '../dom.js';
import { label, lang, t } from '../i18n.js';
import { errorBox } from '../session-ui.js';
import { consoleNav, staffGate } from './console-nav.js';

const GRADE_COLORS = { AAA: '#1b7f3b', AA: '#4caf50', A: '#8bc34a', B: '#ffc107', C: '#ff7043', D: '#c62828', ungraded: '#bdbdbd' };

const fmt = (col, v) => (v === null || v === undefined ? '—' : col.kind === 'rate' ? `${(v * 100).toFixed(1)}%` : String(v));
const groupName = (r) => String((lang() === 'en' && r.nameEn) || r.name || r.code || r.agency || r.month || '');

/** The report's table as the API sent it, totals last. */
function reportTable(report) {
  const rows = report.totals ? [...report.rows, { ...report.totals, __total: true }] : report.rows;
  return table(
    report.columns.map((c, i) => ({
      label: label(c.label),
      class: c.kind === 'text' ? '' : 'num',
      cell: (r) => (r.__total && i === 0 ? t('stats.total') : r.__total && c.kind === 'text' ? '' : fmt(c, r[c.key])),
    })),
    rows,
    { class: 'data stats', rowClass: (r) => (r.__total ? 'total' : '') },
  );
}

/** Each report: a chart, the table, and a CSV export of exactly that table (from the API, Accept: text/csv). */
function reportSection(id, path, params, chart) {
  const body = h('div', {}, h('p.muted', {}, t('loading')));
  const url = `/api/v1/statistics/${path}${qs(params)}`;
  const exportCsv = async () => {
    try {
      const csv = await api(url, { accept: 'text/csv' });
      download(`statistics-${path}.csv`, csv.startsWith('\uFEFF') ? csv : `\uFEFF${csv}`);
    } catch (err) {
      mount(body, errorBox(err));
    }
  };
  const section = h('section.card.report', { id: `report-${id}` }, h('h2', {}, '…'), body);
  api(url)
    .then((report) => {
      section.querySelector('h2').replaceChildren(label(report.title), ' ', h('button.small.no-print', { type: 'button', 'data-export': id, onclick: exportCsv }, t('stats.csv')));
      mount(
        body,
        report.rows.length ? h('div.chart-box', {}, chart(report)) : message('info', t('stats.noData')),
        reportTable(report),
        h('ul.notes', {}, report.notes.map((n) => h('li', {}, label(n)))),
      );
    })
    .catch((err) => mount(body, errorBox(err)));
  return section;
}

/** 统计分析: grade distribution, listings, sampling, checks by agency, monthly trends. */
export async function statsPage(app, { params, go, rerender }) {
  if (!staffGate(app, t('stats.title'), rerender)) return;
  const today = todayInChina();
  const by = params.get('by') === 'industry' ? 'industry' : 'region';
  const level = ['province', 'prefecture', 'county'].includes(params.get('level')) ? params.get('level') : 'province';
  const from = params.get('from') || `${today.slice(0, 4)}-01-01`;
  const to = params.get('to') || today;
  const controls = h(
    'form.card.controls.no-print#stats-controls',
    { onsubmit: (e) => { e.preventDefault(); go('stats', Object.fromEntries(new FormData(e.target).entries())); } },
    h('label', {}, t('stats.by'), h('select', { name: 'by' }, ['region', 'industry'].map((v) => h('option', { value: v, selected: v === by }, t(`stats.${v}`))))),
    h('label', {}, t('stats.level'), h('select', { name: 'level' }, ['province', 'prefecture', 'county'].map((v) => h('option', { value: v, selected: v === level }, t(`stats.${v}`))))),
    h('label', {}, t('stats.from'), h('input', { type: 'date', name: 'from', value: from })),
    h('label', {}, t('stats.to'), h('input', { type: 'date', name: 'to', value: to })),
    h('button', { type: 'submit' }, t('stats.refresh')),
  );
  const grouped = { by, level: by === 'region' ? level : undefined };
  const names = (r) => r.rows.map(groupName);
  mount(
    app,
    h('section.page.stats-page', {},
      consoleNav('stats'),
      h('h1', {}, t('stats.title')),
      controls,
      reportSection('grades', 'grades', { ...grouped, asOf: to }, (r) =>
        barChart({
          title: label(r.title),
          categories: names(r),
          series: [...['AAA', 'AA', 'A', 'B', 'C', 'D'].map((g) => ({ label: g, values: r.rows.map((x) => x[g]), color: GRADE_COLORS[g] })),
            { label: lang() === 'en' ? 'Not graded' : '未评价', values: r.rows.map((x) => x.ungraded), color: GRADE_COLORS.ungraded }],
        })),
      reportSection('listings', 'listings', { ...grouped, from, to }, (r) =>
        barChart({
          title: label(r.title),
          categories: names(r),
          stacked: false,
          series: [
            { label: label(r.columns.find((c) => c.key === 'activeListings').label), values: r.rows.map((x) => x.activeListings), color: '#c62828' },
            { label: label(r.columns.find((c) => c.key === 'decided').label), values: r.rows.map((x) => x.decided), color: '#ff7043' },
            { label: label(r.columns.find((c) => c.key === 'ended').label), values: r.rows.map((x) => x.ended), color: '#1565c0' },
          ],
        })),
      reportSection('sampling', 'sampling', { ...grouped, from, to }, (r) =>
        barChart({ title: label(r.title), categories: names(r), rate: true, series: [{ label: label(r.columns.find((c) => c.key === 'passRate').label), values: r.rows.map((x) => x.passRate ?? 0), color: '#1b7f3b' }] })),
      reportSection('checks', 'checks', { from, to }, (r) =>
        barChart({
          title: label(r.title),
          categories: names(r),
          rate: true,
          stacked: false,
          series: [
            { label: label(r.columns.find((c) => c.key === 'feedbackRate').label), values: r.rows.map((x) => x.feedbackRate ?? 0), color: '#1565c0' },
            { label: label(r.columns.find((c) => c.key === 'hitRate').label), values: r.rows.map((x) => x.hitRate ?? 0), color: '#c62828' },
          ],
        })),
      reportSection('trends', 'trends', { from: params.get('from') && from.slice(0, 7) <= to.slice(0, 7) ? from.slice(0, 7) : undefined, to: to.slice(0, 7) }, (r) =>
        lineChart({
          title: label(r.title),
          categories: r.rows.map((x) => x.month),
          series: ['negativeRecords', 'positiveRecords', 'listingsDecided', 'checks', 'feedback'].map((k, i) => ({
            label: label(r.columns.find((c) => c.key === k).label),
            values: r.rows.map((x) => x[k]),
            color: ['#c62828', '#1b7f3b', '#ff7043', '#1565c0', '#6a1b9a'][i],
          })),
        })),
    ),
  );
}

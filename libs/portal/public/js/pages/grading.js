/* global FormData, setTimeout */
import { api, session } from '../api.js';
import { formatTime, h, message, mount, table, todayInChina } from '../dom.js';
import { t } from '../i18n.js';
import { can } from '../roles.js';
import { errorBox } from '../session-ui.js';
import { consoleNav } from './console-nav.js';
import { setFlash } from './enterprise-actions.js';
import './grading-texts.js';


const GRADES = ['AAA', 'AA', 'A', 'B', 'C', 'D'];

/**
 * 提出等级调整 (grade.override.propose), drawn inside the grade section beside the computed grade and
 * its explanation, so the grader argues against what the model said (DOMAIN.md §6; a reviewer approves).
 */
export function overrideForm(code, g, rerender) {
  if (!can(session.me()?.roles, 'grade.override.propose') || !g) return null;
  const errors = h('div.form-errors');
  return h('form.inline-form.card#override-form', {
    onsubmit: async (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      const grade = String(f.get('grade'));
      try {
        await api(`/api/v1/enterprises/${code}/grade-overrides`, { method: 'POST', body: { grade, reason: String(f.get('reason')).trim() } });
        setFlash(t('override.done', { from: g.grade, to: grade }));
        rerender();
      } catch (err) {
        mount(errors, errorBox(err));
      }
    },
  },
  h('h3', {}, t('override.title')),
  h('p', {}, t('override.computed', { grade: g.grade, score: g.score })),
  h('label', {}, t('override.grade'), h('select', { name: 'grade', required: true }, GRADES.filter((x) => x !== g.grade).map((x) => h('option', { value: x }, x)))),
  h('label', {}, t('form.reason'), h('input', { name: 'reason', required: true })),
  h('button', { type: 'submit' }, t('override.do')),
  errors);
}

// The run being watched survives a redraw of the page (language switch, another tab's action).
let watching = null;

/** 等级评价 (#/console/grading): start a full regrade, watch its progress, resume a failed one. */
export async function gradingPage(app, { rerender }) {
  const mayRun = can(session.me()?.roles, 'grade.run');
  const status = h('div#run-status', { 'aria-live': 'polite' });
  const runs = h('div#runs');
  const errors = h('div.form-errors');
  const start = mayRun
    ? h('form.card.inline-form#run-form', {
        onsubmit: async (e) => {
          e.preventDefault();
          const f = new FormData(e.target);
          try {
            const run = await api('/api/v1/grading/runs', { method: 'POST', body: { asOf: String(f.get('asOf')), ...(f.get('chunkSize') ? { chunkSize: Number(f.get('chunkSize')) } : {}) } });
            watching = run.id;
            watch(status, runs, rerender);
          } catch (err) {
            mount(errors, errorBox(err));
          }
        },
      },
      h('h2', {}, t('grading.start')),
      h('label', {}, t('grading.asOf'), h('input', { name: 'asOf', type: 'date', value: todayInChina(), required: true })),
      h('label', {}, t('grading.chunk'), h('input', { name: 'chunkSize', type: 'number', min: 100, max: 50000 })),
      h('button', { type: 'submit' }, t('grading.start')),
      errors)
    : null;
  mount(app, h('section.page', {}, consoleNav('grading'), h('h1', {}, t('grading.title')), start, status, h('section.card', {}, h('h2', {}, t('grading.runs')), runs)));
  await listRuns(runs, rerender);
  if (watching) watch(status, runs, rerender);
}

async function listRuns(target, rerender) {
  const rows = await api('/api/v1/grading/runs').catch((err) => { mount(target, errorBox(err)); return null; });
  if (!rows) return;
  const items = rows.items ?? rows;
  const mayRun = can(session.me()?.roles, 'grade.run');
  mount(target, items.length ? table([
    { label: t('grading.asOf'), cell: (r) => r.asOf },
    { label: t('grading.model'), cell: (r) => r.modelVersion },
    { label: t('field.status'), cell: (r) => h(`span.status.status-${r.status}`, { 'data-status': r.status }, t(`status.${r.status}`)) },
    { label: t('grading.progress'), cell: (r) => progress(r) },
    { label: t('grading.changed'), cell: (r) => r.changed },
    { label: t('col.by'), cell: (r) => `${r.startedByName ?? ''} · ${formatTime(r.startedAt)}` },
    { label: t('col.actions'), cell: (r) => (mayRun && r.status === 'failed' ? h('button.small.plain', { type: 'button', 'data-resume': r.id, onclick: async () => {
      await api(`/api/v1/grading/runs/${r.id}/resume`, { method: 'POST', body: {} }).catch((err) => mount(target, errorBox(err)));
      watching = r.id;
      rerender();
    } }, t('grading.resume')) : '') },
  ], items, { rowClass: (r) => `run-${r.id}` }) : h('p.muted', {}, t('console.none')));
}

const progress = (r) => h('progress', { value: r.processed, max: r.total ?? Math.max(r.processed, 1), 'aria-label': t('grading.progress') });

/** Polls the watched run once a second until it completes or fails, then refreshes the list. */
async function watch(status, runs, rerender) {
  const id = watching;
  for (;;) {
    if (!status.isConnected || watching !== id) return;
    let r;
    try {
      r = await api(`/api/v1/grading/runs/${id}`);
    } catch (err) {
      return mount(status, errorBox(err));
    }
    const vars = { asOf: r.asOf, processed: r.processed, total: r.total ?? '?', changed: r.changed, error: r.error ?? '' };
    if (r.status === 'running') mount(status, message('info', t('grading.watching', vars), ' ', progress(r)));
    else {
      watching = null;
      mount(status, message(r.status === 'completed' ? 'ok' : 'error', t(r.status === 'completed' ? 'grading.finished' : 'grading.failed', vars)));
      return listRuns(runs, rerender);
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

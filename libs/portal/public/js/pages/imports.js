/* global FormData */
import { api, session } from '../api.js';
import { download, h, message, mount, table } from '../dom.js';
import { t } from '../i18n.js';
import { can } from '../roles.js';
import { errorBox } from '../session-ui.js';
import { upload } from '../upload.js';
import { consoleNav } from './console-nav.js';
import './import-texts.js';

const KINDS = {
  enterprises: { path: '/api/v1/enterprises/import', permission: 'enterprise.import' },
  creditRecords: { path: '/api/v1/credit-records/import', permission: 'credit.write' },
};

const kb = (n) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);
const cell = (v) => (/[",\n\r]/.test(String(v ?? '')) ? `"${String(v).replace(/"/g, '""')}"` : String(v ?? ''));

/**
 * 批量导入 (#/console/imports, issue 16): the registrar uploads an enterprise or credit-record CSV to the import
 * endpoints that exist; a progress bar shows the bytes sent, then that the server is reading rows (the endpoints
 * answer when done and report no row progress meanwhile); the answer is shown as counts and the per-row error
 * report, downloadable as CSV. Cancel aborts the upload.
 */
export async function importsPage(app) {
  const roles = session.me()?.roles ?? [];
  const kinds = Object.entries(KINDS).filter(([, k]) => can(roles, k.permission));
  const status = h('div#import-status', { 'aria-live': 'polite' });
  const result = h('div#import-result', { tabindex: '-1' });
  const bar = h('progress#import-progress', { max: 100, value: 0, hidden: true, 'aria-label': t('imp.title') });
  const cancel = h('button.plain#import-cancel', { type: 'button', hidden: true }, t('imp.cancel'));
  const submit = h('button', { type: 'submit' }, t('imp.do'));
  let current = null;
  cancel.addEventListener('click', () => current?.abort());
  const form = h('form.card.inline-form#import-form', {
    onsubmit: async (e) => {
      e.preventDefault();
      const f = new FormData(e.target);
      const kind = String(f.get('kind'));
      const file = f.get('file');
      mount(result);
      bar.hidden = false;
      bar.value = 0;
      bar.max = 100;
      cancel.hidden = false;
      submit.disabled = true;
      current = upload(KINDS[kind].path, file, {
        onProgress: (p) => {
          if (p.phase === 'upload') {
            const pct = p.total ? Math.floor((p.loaded / p.total) * 100) : 0;
            bar.value = pct;
            mount(status, t('imp.uploading', { loaded: kb(p.loaded), total: kb(p.total), pct }));
          } else {
            bar.removeAttribute('value'); // indeterminate: the server reads rows and reports only at the end
            mount(status, t('imp.server'));
          }
        },
      });
      try {
        const answer = await current.promise;
        mount(status);
        mount(result, report(kind, file.name, answer));
      } catch (err) {
        mount(status);
        mount(result, err.cancelled ? message('warn', t('imp.cancelled')) : errorBox(err));
      } finally {
        bar.hidden = true;
        cancel.hidden = true;
        submit.disabled = false;
        current = null;
        result.focus();
      }
    },
  },
  h('label', {}, t('imp.kind'), h('select', { name: 'kind' }, kinds.map(([k]) => h('option', { value: k }, t(`imp.kind.${k}`))))),
  h('label', {}, t('imp.file'), h('input', { name: 'file', type: 'file', accept: '.csv,text/csv', required: true })),
  submit, cancel);
  mount(app, h('section.page', {}, consoleNav('imports'), h('h1', {}, t('imp.title')), h('p.muted', {}, t('imp.hint')), form, bar, status, result));
}

function report(kind, fileName, a) {
  const errors = a.errors ?? [];
  const counts = { read: a.rowsRead, inserted: a.inserted ?? 0, updated: a.updated ?? 0, unchanged: a.unchanged ?? 0, rejected: a.rejected ?? 0 };
  const csvName = `${fileName.replace(/\.[^.]+$/, '')}-errors.csv`;
  const downloadReport = async () => {
    // the enterprise import keeps its report (GET …/imports/{id}/errors.csv); the credit import answers it only
    const text = kind === 'enterprises' && a.id
      ? await api(`/api/v1/enterprises/imports/${a.id}/errors.csv`, { accept: 'text/csv' })
      : `\uFEFFline,field,rule,message\n${errors.map((e) => [e.line, e.field, e.rule, e.message].map(cell).join(',')).join('\n')}\n`;
    download(csvName, text);
  };
  return h('div', {},
    message(errors.length ? 'warn' : 'ok', t(a.noChanges ? 'imp.noChanges' : 'imp.done', counts)),
    a.enterprisesRegraded ? h('p', {}, t('imp.regraded', { n: a.enterprisesRegraded })) : null,
    errors.length
      ? h('section.card#import-errors', {},
          h('h2', {}, t('imp.errors')),
          a.errorsTruncated ? h('p.muted', {}, t('imp.truncated', { n: errors.length })) : null,
          h('button.plain#import-download', { type: 'button', onclick: downloadReport }, t('imp.download')),
          table([
            { label: t('imp.line'), cell: (e) => e.line },
            { label: t('imp.field'), cell: (e) => e.field ?? '' },
            { label: t('imp.rule'), cell: (e) => e.rule },
            { label: t('imp.message'), cell: (e) => e.message },
          ], errors))
      : null);
}

/* global FormData */
import { api, ApiError, qs } from '../api.js';
import { facts, formatTime, h, message, mount, table } from '../dom.js';
import { label, lang, statusText, t } from '../i18n.js';
import { errorBox } from '../session-ui.js';
import { consoleNav, staffGate } from './console-nav.js';
import { invalidCode, locallyInvalidCode } from './lookup.js';
import { creditForm, creditRowActions, recordActions, takeFlash } from './enterprise-actions.js';
import { decisionsSection } from './enterprise-decisions.js';
import { adminPage } from './admin.js';
import { cataloguesPage } from './catalogues.js';
import { modelPage } from './grading-model.js';
import { importsPage } from './imports.js';
import { plansPage } from './plans.js';
import { feedbackQueuePage } from './receipts.js';
import { auditPage } from './audit.js';
import { caseFilePage } from './case-file.js';
import { gradingPage, overrideForm } from './grading.js';
import { proposeForm } from './listing-propose.js';
import { personsPage } from './persons.js';
import { queuesPage } from './queues.js';
import { registerPage } from './register.js';

/** 监管工作台: #/console/enterprise?code=… and #/console/queues. */
export async function consolePage(app, ctx) {
  if (!staffGate(app, t('console.title'), ctx.rerender)) return;
  const sub = ctx.path.split('/')[1] ?? 'queues';
  if (sub === 'enterprise') return enterprisePage(app, ctx);
  if (sub === 'register') return registerPage(app, ctx);
  if (sub === 'listing') return caseFilePage(app, ctx);
  if (sub === 'grading') return gradingPage(app, ctx);
  if (sub === 'audit') return auditPage(app, ctx);
  if (sub === 'admin') return adminPage(app, ctx);
  if (sub === 'persons') return personsPage(app, ctx);
  if (sub === 'catalogues') return cataloguesPage(app, ctx);
  if (sub === 'model') return modelPage(app, ctx);
  if (sub === 'imports') return importsPage(app, ctx);
  if (sub === 'plans') return plansPage(app, ctx);
  if (sub === 'feedback') return feedbackQueuePage(app, ctx);
  return queuesPage(app, ctx);
}

/** A section that loads on its own: one failing API (or one not there yet) does not blank the page. */
function section(title, id, load) {
  const body = h('div', {}, h('p.muted', {}, t('loading')));
  load()
    .then((content) => mount(body, content))
    .catch((err) => mount(body, err instanceof ApiError && err.status === 404 ? message('warn', t('console.unavailable', { msg: err.lines.join(' ') })) : errorBox(err)));
  return h('section.card', { id }, h('h2', {}, title), body);
}

async function enterprisePage(app, { params, go, rerender }) {
  const code = params.get('code') ?? '';
  const results = h('div');
  const form = h(
    'form.search#console-find',
    { onsubmit: (e) => { e.preventDefault(); go('console/enterprise', { code: String(new FormData(e.target).get('code')).trim() }); } },
    h('input', { name: 'code', type: 'search', value: code, placeholder: t('lookup.placeholder'), 'aria-label': t('console.find'), required: true }),
    h('button', { type: 'submit' }, t('search')),
  );
  mount(app, h('section.page', {}, consoleNav('enterprise'), h('h1', {}, t('console.enterprise')), form, results));
  if (!code) return;
  const malformed = locallyInvalidCode(code);
  if (malformed) return mount(results, malformed);
  let record;
  try {
    record = await api(`/api/v1/enterprises/${encodeURIComponent(code)}`);
  } catch (err) {
    // A malformed code: name the rule it breaks (length, alphabet, check character), as the public page does.
    const invalid = invalidCode(err, code);
    if (invalid && /\d/.test(code)) return mount(results, invalid);
    if (err instanceof ApiError && (err.status === 404 || err.status === 400)) {
      // Not a code: try it as a name.
      try {
        const page = await api(`/api/v1/enterprises${qs({ q: code, limit: 20 })}`);
        const items = page.items ?? [];
        if (items.length) {
          return mount(results, table(
            [
              { label: t('field.name'), cell: (e) => h('a', { href: `#/console/enterprise?code=${encodeURIComponent(e.uscc ?? e.orgCode)}` }, e.name) },
              { label: t('field.uscc'), cell: (e) => e.uscc ?? '' },
              { label: t('field.orgCode'), cell: (e) => e.orgCode },
              { label: t('field.region'), cell: (e) => e.regionName ?? e.regionCode },
            ],
            items,
          ));
        }
      } catch {
        // fall through to the original error
      }
    }
    return mount(results, errorBox(err));
  }
  const c = encodeURIComponent(record.uscc ?? record.orgCode);
  const flash = h('div#enterprise-flash', { tabindex: '-1' }, takeFlash());
  mount(
    results,
    flash,
    h('article.card#record', {},
      h('h2', {}, record.name),
      facts([
        [t('field.uscc'), record.uscc],
        [t('field.orgCode'), record.orgCode],
        [t('field.region'), `${record.regionName ?? ''}（${record.regionCode}）`],
        [t('field.industry'), `${label(record.industryName)}（${record.industryCode}）`],
        [t('field.status'), label(record.statusName)],
        [t('console.legalRep'), record.legalRepresentative ? `${record.legalRepresentative.name ?? ''} ${record.legalRepresentative.idNumber ?? ''}` : ''],
        [t('console.address'), record.address],
        [t('field.registeredOn'), record.registeredOn],
        [t('console.version'), `${record.version}（${record.effectiveOn}）`],
      ]),
    ),
    decisionsSection(record, { flash, rerender }),
    recordActions(record, { rerender }),
    section(t('console.history'), 'history', async () => {
      const versions = await api(`/api/v1/enterprises/${c}/history`);
      return table(
        [
          { label: t('console.version'), cell: (v) => v.version },
          { label: t('console.validFrom'), cell: (v) => v.effectiveOn },
          { label: t('col.change'), cell: (v) => (t(`change.${v.change}`) === `change.${v.change}` ? v.change : t(`change.${v.change}`)) },
          { label: t('form.reason'), cell: (v) => v.reason ?? '' },
          { label: t('field.name'), cell: (v) => v.name },
          { label: t('col.by'), cell: (v) => v.actorName ?? '' },
          { label: t('col.at'), cell: (v) => formatTime(v.recordedAt) },
        ],
        versions,
      );
    }),
    section(t('console.grade'), 'grade', async () => {
      const g = await api(`/api/v1/enterprises/${c}/grade`).catch((err) => {
        if (err instanceof ApiError && err.status === 404) return null; // no grade yet: not an error
        throw err;
      });
      if (!g) return h('p.muted#grade-none', {}, t('lookup.notGraded'));
      return h('div.grade-with-override', {},
        h('p', {}, h(`span.grade.grade-${g.grade}`, {}, g.grade), ` ${t('console.score')} ${g.score} · ${t('console.model')} ${g.modelVersion} · ${t('console.validFrom')} ${g.validFrom}${g.overridden ? ` · ${t('console.overridden')}` : ''}`),
        h('ol.explanation', {}, (g.summary?.[lang()] ?? []).map((line) => h('li', {}, line))),
        overrideForm(c, g, rerender),
      );
    }),
    section(t('console.gradeHistory'), 'grade-history', async () => {
      const rows = await api(`/api/v1/enterprises/${c}/grades`);
      const items = rows.items ?? rows;
      return items.length
        ? table(
            [
              { label: t('col.grade'), cell: (g) => h(`span.grade.grade-${g.grade}`, {}, g.grade) },
              { label: t('console.score'), cell: (g) => g.score },
              { label: t('console.validFrom'), cell: (g) => g.validFrom },
              { label: t('console.validTo'), cell: (g) => g.validTo ?? '' },
              { label: t('console.model'), cell: (g) => `${g.modelVersion}${g.overridden ? ` · ${t('console.overridden')}` : ''}` },
              { label: t('col.explanation'), cell: (g) => (g.summary?.[lang()] ?? []).join(' ') },
            ],
            items,
          )
        : h('p.muted', {}, t('console.none'));
    }),
    section(t('console.credit'), 'credit-records', async () => {
      const page = await api(`/api/v1/enterprises/${c}/credit-records${qs({ limit: 100 })}`);
      const items = page.items ?? page;
      return items.length
        ? table(
            [
              { label: t('col.date'), cell: (r) => r.occurredOn },
              { label: t('col.category'), cell: (r) => label(r.categoryName) },
              { label: t('col.document'), cell: (r) => r.documentNumber },
              { label: t('col.department'), cell: (r) => r.issuingDepartment },
              { label: t('field.recordStatus'), cell: (r) => h(`span.status.status-${r.status}`, { 'data-status': r.status }, statusText(r.status)) },
              { label: t('col.publishUntil'), cell: (r) => r.publishUntil },
              { label: t('col.actions'), cell: (r) => creditRowActions(r, { flash, rerender }) },
            ],
            items,
            { rowClass: (r) => `record-${r.id}` },
          )
        : h('p.muted', {}, t('console.none'));
    }),
    creditForm(record, { rerender }),
    section(t('console.listings'), 'listings', async () => {
      const page = await api(`/api/v1/listings${qs({ enterprise: record.uscc ?? record.orgCode })}`);
      const items = page.items ?? page;
      return items.length
        ? table(
            [
              { label: t('field.listType'), cell: (l) => label(l.listTypeName) },
              { label: t('field.listingStatus'), cell: (l) => h(`span.status.status-${l.status}`, { 'data-status': l.status }, statusText(l.status)) },
              { label: t('field.reason'), cell: (l) => l.reason },
              { label: t('field.decisionNumber'), cell: (l) => l.decision?.decisionNumber ?? '' },
              { label: t('field.startDate'), cell: (l) => l.decision?.startDate ?? '' },
              { label: t('field.plannedEnd'), cell: (l) => l.decision?.plannedEndDate ?? '' },
              { label: t('case.title'), cell: (l) => h('a.case-link', { href: `#/console/listing?id=${l.id}` }, t('case.open')) },
            ],
            items,
          )
        : h('p.muted', {}, t('console.none'));
    }),
    proposeForm(record, { go }),
  );
  if (flash.firstChild) flash.focus(); // the result of the last change
  // the message belongs to the last change: it goes as soon as the next form is being filled in
  results.addEventListener('input', () => flash.replaceChildren(), { once: true });
}

import { api, session } from '../api.js';
import { facts, h, message, mount, table } from '../dom.js';
import { label, t } from '../i18n.js';
import { can } from '../roles.js';
import { errorBox } from '../session-ui.js';
import { action } from './confirm-action.js';
import { consoleNav } from './console-nav.js';
import './catalogue-texts.js';

// The message of the last change, shown once after the page is drawn again.
let flashText = null;

/**
 * 类别与名单设置 (#/console/catalogues, issue 16): the credit categories (names zh/en, periods, whether a record can
 * ground a listing, active; the score effect shown from the active grading model) and the list types (names,
 * legal basis, term, statement period, repair minimum). Every edit sends the version read (a stale one is refused)
 * and a reason (audited), through a confirmation saying when it takes effect.
 */
export async function cataloguesPage(app, { rerender }) {
  const flash = h('div#catalogue-flash', { tabindex: '-1' }, flashText ? message('ok', flashText) : null);
  const hadFlash = !!flashText;
  flashText = null;
  const ctx = { flash, onDone: () => rerender() };
  const done = (what) => (saved) => { flashText = t('cat.saved', { what, version: saved.version }); };
  mount(app, h('section.page', {}, consoleNav('catalogues'), h('h1', {}, t('cat.title')), flash,
    section('catalogue-categories', t('cat.categories'), () => categories(ctx, done)),
    section('catalogue-list-types', t('cat.listTypes'), () => listTypes(ctx, done))));
  if (hadFlash) flash.focus();
}

function section(id, title, load) {
  const body = h('div', {}, h('p.muted', {}, t('loading')));
  load().then((c) => mount(body, c)).catch((err) => mount(body, errorBox(err)));
  return h(`section.card#${id}`, {}, h('h2', {}, title), body);
}

const yesNo = (b) => t(b ? 'yes' : 'no');
const reasonField = () => ({ name: 'reason', label: t('form.reason') });
const num = (v) => (v === undefined || v === '' ? null : Number(v));

/** The active model's indicator for each category: the score effect is the model's, edited by loading a version. */
async function activeIndicators() {
  const models = await api('/api/v1/grading/models').catch(() => []);
  const active = (models.items ?? models).find((m) => m.active);
  if (!active) return { version: '—', byCategory: new Map() };
  const model = await api(`/api/v1/grading/models/${encodeURIComponent(active.version)}`);
  return { version: active.version, byCategory: new Map((model.indicators ?? []).map((i) => [i.category, i])) };
}

function pointsText(i) {
  if (!i) return t('cat.noPoints');
  return `${t('cat.pointsText', { points: i.points > 0 ? `+${i.points}` : i.points, window: i.windowMonths })}${i.capPerYear != null ? t('cat.capText', { cap: i.capPerYear }) : ''}`;
}

async function categories(ctx, done) {
  const [list, model] = await Promise.all([api('/api/v1/credit-categories'), activeIndicators()]);
  const mayEdit = can(session.me()?.roles, 'credit.catalogue.manage');
  const edit = (c) => action('action.editCategory', {
    ...ctx,
    fields: [
      { name: 'nameZh', label: t('cat.nameZh'), value: c.name.zh },
      { name: 'nameEn', label: t('cat.nameEn'), value: c.name.en },
      { name: 'publicationMonths', label: t('cat.publication'), type: 'number', min: 1, max: 120, value: String(c.publicationMonths) },
      { name: 'repairMinMonths', label: t('cat.repairMin'), type: 'number', min: 0, max: 120, optional: true, value: c.repairMinMonths == null ? '' : String(c.repairMinMonths) },
      ...(c.polarity === 'negative' ? [{ name: 'groundsListing', label: t('cat.grounds'), type: 'checkbox', value: c.groundsListing }] : []),
      { name: 'active', label: t('cat.active'), type: 'checkbox', value: c.active },
      reasonField(),
    ],
    confirm: async () => h('p.consequence', {}, t('confirm.editCategory')),
    send: async (v) => done(label(c.name))(await api(`/api/v1/credit-categories/${encodeURIComponent(c.code)}`, {
      method: 'PUT',
      body: {
        version: c.version, reason: v.reason, nameZh: v.nameZh, nameEn: v.nameEn, publicationMonths: num(v.publicationMonths),
        repairMinMonths: num(v.repairMinMonths), active: v.active === 'true', ...(c.polarity === 'negative' ? { groundsListing: v.groundsListing === 'true' } : {}),
      },
    })),
  });
  return h('div', {},
    h('p.muted', {}, t('cat.pointsHint')),
    table([
      { label: t('cat.nameZh'), cell: (c) => c.name.zh },
      { label: t('cat.nameEn'), cell: (c) => c.name.en },
      { label: t('cat.polarity'), cell: (c) => `${t(`polarity.${c.polarity}`)}${c.severity !== 'positive' ? ` · ${t(`severity.${c.severity}`)}` : ''}` },
      { label: t('cat.publication'), cell: (c) => c.publicationMonths },
      { label: t('cat.repairMin'), cell: (c) => (c.repairMinMonths == null ? '—' : `${c.repairMinMonths}${c.repairMinMonthsStrict != null ? ` / ${c.repairMinMonthsStrict}` : ''}`) },
      { label: t('cat.points', { model: model.version }), cell: (c) => pointsText(model.byCategory.get(c.code)) },
      { label: t('cat.grounds'), cell: (c) => h('span', { 'data-grounds': String(c.groundsListing) }, yesNo(c.groundsListing)) },
      { label: t('cat.state'), cell: (c) => (c.active ? t('cat.active') : t('cat.inactive')) },
      ...(mayEdit ? [{ label: t('col.actions'), cell: (c) => edit(c) }] : []),
    ], list.items ?? list, { rowClass: (c) => `category-${c.code}` }));
}

async function listTypes(ctx, done) {
  const list = await api('/api/v1/listing-types');
  const mayEdit = can(session.me()?.roles, 'listing.types.manage');
  const edit = (lt) => action('action.editListType', {
    ...ctx,
    fields: [
      { name: 'nameZh', label: t('cat.nameZh'), value: lt.name.zh },
      { name: 'nameEn', label: t('cat.nameEn'), value: lt.name.en },
      { name: 'legalBasis', label: t('cat.legalBasis'), value: lt.legalBasis },
      { name: 'durationYears', label: t('cat.duration'), type: 'number', min: 1, max: 10, value: String(lt.durationYears) },
      { name: 'statementDays', label: t('cat.statementDays'), type: 'number', min: 1, max: 90, value: String(lt.statementDays) },
      { name: 'repairMinYears', label: t('cat.repairYears'), type: 'number', min: 0, max: 10, value: String(lt.repairMinYears) },
      { name: 'active', label: t('cat.active'), type: 'checkbox', value: lt.active },
      reasonField(),
    ],
    confirm: async (v) => [
      facts([[t('cat.duration'), `${lt.durationYears} → ${v.durationYears}`], [t('cat.statementDays'), `${lt.statementDays} → ${v.statementDays}`], [t('cat.repairYears'), `${lt.repairMinYears} → ${v.repairMinYears}`]]),
      h('p.consequence', {}, t('confirm.editListType')),
    ],
    send: async (v) => done(label(lt.name))(await api(`/api/v1/listing-types/${encodeURIComponent(lt.code)}`, {
      method: 'PUT',
      body: {
        version: lt.version, reason: v.reason, nameZh: v.nameZh, nameEn: v.nameEn, legalBasis: v.legalBasis, durationYears: num(v.durationYears),
        statementDays: num(v.statementDays), repairMinYears: num(v.repairMinYears), active: v.active === 'true',
      },
    })),
  });
  return h('div', {},
    h('p.muted', {}, t('cat.listTypesHint')),
    table([
      { label: t('field.listType'), cell: (lt) => [h('div', {}, lt.name.zh), h('div.small.muted', {}, lt.name.en)] },
      { label: t('cat.legalBasis'), cell: (lt) => lt.legalBasis },
      { label: t('cat.duration'), cell: (lt) => lt.durationYears },
      { label: t('cat.statementDays'), cell: (lt) => lt.statementDays },
      { label: t('cat.repairYears'), cell: (lt) => lt.repairMinYears },
      { label: t('cat.state'), cell: (lt) => (lt.active ? t('cat.active') : t('cat.inactive')) },
      { label: t('cat.version'), cell: (lt) => lt.version },
      ...(mayEdit ? [{ label: t('col.actions'), cell: (lt) => edit(lt) }] : []),
    ], list, { rowClass: (lt) => `list-type-${lt.code}` }));
}

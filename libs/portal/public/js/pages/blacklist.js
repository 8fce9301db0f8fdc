/* global FormData */
import { api, qs } from '../api.js';
import { h, message, mount, table } from '../dom.js';
import { label, t } from '../i18n.js';
import { errorBox } from '../session-ui.js';

// The list types of the blacklist migration (blacklist.list_types); the API accepts any code it holds.
const LIST_TYPES = ['quality_serious_dishonesty', 'product_quality_safety'];
const FILTERS = ['region', 'listType', 'from', 'to'];
const PAGE_SIZE = 20;

/**
 * 失信名单公示 (public): entries in force today, newest first, filtered by region (from the USCC), list
 * type and listing date; GET /api/v1/public/listings. Enterprise, list, reason, decision and dates —
 * never a person (the legal representative is not part of the public view).
 */
export async function blacklistPage(app, { params, go }) {
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) ?? '']));
  const out = h('div#blacklist-result');
  const submit = (e) => {
    e.preventDefault();
    const data = new FormData(e.target);
    go('blacklist', Object.fromEntries(FILTERS.map((k) => [k, String(data.get(k) ?? '').trim()]).filter(([, v]) => v)));
  };
  mount(app, h('section.page', {},
    h('h1', {}, t('blacklist.title')),
    h('p.muted', {}, t('blacklist.hint')),
    h('form.search.filters#blacklist-form', { onsubmit: submit },
      h('label', {}, t('filter.region'), h('input', { name: 'region', value: f.region, inputmode: 'numeric', pattern: '\\d{6}', placeholder: '350200', size: 8 })),
      h('label', {}, t('blacklist.listType'),
        h('select', { name: 'listType' }, ['', ...LIST_TYPES].map((c) => h('option', { value: c, selected: c === f.listType }, c ? t(`listType.${c}`) : t('filter.any'))))),
      h('label', {}, t('blacklist.from'), h('input', { name: 'from', type: 'date', value: f.from })),
      h('label', {}, t('blacklist.to'), h('input', { name: 'to', type: 'date', value: f.to })),
      h('button', { type: 'submit' }, t('search')),
    ),
    out,
  ));
  const cursor = params.get('cursor') ?? '';
  const pageNo = Number(params.get('page') ?? '1') || 1;
  const here = Object.fromEntries(Object.entries(f).filter(([, v]) => v));
  try {
    const page = await api(`/api/v1/public/listings${qs({ ...here, limit: PAGE_SIZE, cursor })}`);
    if (!page.items.length) return mount(out, message('info', t('blacklist.none')));
    const first = (pageNo - 1) * PAGE_SIZE + 1;
    mount(out,
      h('p#blacklist-count', {}, t('lookup.range', { from: first, to: first + page.items.length - 1 })),
      table([
        { label: t('field.name'), cell: (l) => h('a', { href: `#/lookup${qs({ q: l.enterprise.uscc ?? l.enterprise.orgCode })}`, target: '_blank', rel: 'noopener' }, l.enterprise.name) },
        { label: t('field.uscc'), cell: (l) => l.enterprise.uscc ?? l.enterprise.orgCode },
        { label: t('blacklist.listType'), cell: (l) => label(l.listTypeName) },
        { label: t('blacklist.reason'), cell: (l) => l.reason },
        { label: t('blacklist.decision'), cell: (l) => `${l.decisionNumber}（${l.decidingAuthority}）` },
        { label: t('blacklist.period'), cell: (l) => `${l.startDate} – ${l.plannedEndDate}` },
      ], page.items, { class: 'data cards', attrs: { id: 'blacklist-table' } }),
      h('nav.pager', { 'aria-label': t('lookup.pages') },
        pageNo > 1 ? h('a#blacklist-first', { href: `#/blacklist${qs(here)}` }, t('lookup.firstPage')) : null,
        page.nextCursor ? h('a#blacklist-next', { href: `#/blacklist${qs({ ...here, cursor: page.nextCursor, page: pageNo + 1 })}` }, t('lookup.nextPage')) : null,
      ),
    );
  } catch (err) {
    mount(out, errorBox(err));
  }
}

/* global FormData */
import { api } from '../api.js';
import { facts, h, message, mount, table } from '../dom.js';
import { addTexts, lang, t } from '../i18n.js';
import { errorBox } from '../session-ui.js';
import { consoleNav } from './console-nav.js';

// 个人质量信用档案 (issue 18): regulators with person.read look a person up by document (sent in a POST body, never
// in the address) and see their roles across enterprises and the listings naming them. Every view is audited.
addTexts({
  zh: {
    'persons.title': '责任人员', 'persons.find': '查找', 'persons.idType': '证件类型', 'persons.idNumber': '证件号码',
    'persons.note': '证件号码只在本次查询中提交，不出现在地址栏；每次查看都记入审计日志。', 'persons.roles': '任职记录', 'persons.listings': '列入其责任的黑名单',
    'persons.enterprise': '企业', 'persons.role': '职务', 'persons.from': '起', 'persons.to': '止', 'persons.current': '至今', 'persons.status': '状态',
    'persons.dates': '期间', 'persons.inForce': '今日是否限制任职', 'persons.yes': '是', 'persons.no': '否', 'persons.masked': '证件号码（脱敏）', 'persons.name': '姓名',
    'persons.none': '无', 'persons.docType': '证件类型',
    'idType.resident_id': '居民身份证', 'idType.passport': '护照', 'idType.hk_macau_permit': '港澳居民来往内地通行证', 'idType.taiwan_permit': '台湾居民来往大陆通行证',
  },
  en: {
    'persons.title': 'Responsible persons', 'persons.find': 'Find', 'persons.idType': 'Document type', 'persons.idNumber': 'Document number',
    'persons.note': 'The number is sent with this query only, never in the address; every view is recorded in the audit log.', 'persons.roles': 'Roles',
    'persons.listings': 'Listings naming this person', 'persons.enterprise': 'Enterprise', 'persons.role': 'Role', 'persons.from': 'From', 'persons.to': 'To',
    'persons.current': 'current', 'persons.status': 'Status', 'persons.dates': 'Period', 'persons.inForce': 'Restricted from office today', 'persons.yes': 'yes',
    'persons.no': 'no', 'persons.masked': 'Document number (masked)', 'persons.name': 'Name', 'persons.none': 'none', 'persons.docType': 'Document type',
    'idType.resident_id': 'Resident ID', 'idType.passport': 'Passport', 'idType.hk_macau_permit': 'Hong Kong/Macau permit', 'idType.taiwan_permit': 'Taiwan permit',
  },
});

const TYPES = ['resident_id', 'passport', 'hk_macau_permit', 'taiwan_permit'];

/** #/console/persons and #/console/persons?id=… (the id is the person's internal id, never a document number). */
export async function personsPage(app, { params, go }) {
  const body = h('div');
  const form = h('form.card.inline-form#person-find', {
    autocomplete: 'off',
    onsubmit: async (e) => {
      e.preventDefault();
      const data = new FormData(e.target);
      try {
        const found = await api('/api/v1/persons/lookup', { method: 'POST', body: { idType: String(data.get('idType')), idNumber: String(data.get('idNumber')).trim() } });
        e.target.reset();
        go('console/persons', { id: found.id });
      } catch (err) {
        mount(body, errorBox(err));
      }
    },
  },
  h('label', {}, t('persons.idType'), h('select', { name: 'idType' }, TYPES.map((v) => h('option', { value: v }, t(`idType.${v}`))))),
  h('label', {}, t('persons.idNumber'), h('input', { name: 'idNumber', required: true, maxlength: 40, autocomplete: 'off' })),
  h('button', { type: 'submit' }, t('persons.find')));
  mount(app, h('section.page', {}, consoleNav('persons'), h('h1', {}, t('persons.title')), h('p.muted', {}, t('persons.note')), form, body));
  const id = params.get('id');
  if (!id) return;
  try {
    mount(body, personView(await api(`/api/v1/persons/${encodeURIComponent(id)}`)));
  } catch (err) {
    mount(body, errorBox(err));
  }
}

function personView(p) {
  const roleName = (r) => (r.roleName ? r.roleName[lang()] ?? r.roleName.zh : r.role);
  const enterprise = (e) => h('a', { href: `#/console/enterprise?code=${encodeURIComponent(e.uscc ?? e.orgCode)}` }, `${e.name} (${e.uscc ?? e.orgCode})`);
  return h('div#person-view', {},
    h('section.card', {}, facts([[t('persons.name'), p.name], [t('persons.docType'), t(`idType.${p.documentType}`)], [t('persons.masked'), p.idMasked]])),
    h('section.card', {}, h('h2', {}, t('persons.roles')),
      p.roles.length === 0 ? message('info', t('persons.none')) : table([
        { label: t('persons.enterprise'), cell: (r) => enterprise(r.enterprise) },
        { label: t('persons.role'), cell: (r) => roleName(r) },
        { label: t('persons.from'), cell: (r) => r.from },
        { label: t('persons.to'), cell: (r) => r.to ?? t('persons.current') },
      ], p.roles)),
    h('section.card', {}, h('h2', {}, t('persons.listings')),
      p.listings.length === 0 ? message('info', t('persons.none')) : table([
        { label: t('persons.enterprise'), cell: (l) => enterprise(l.enterprise) },
        { label: t('persons.status'), cell: (l) => h('a', { href: `#/console/listing?id=${encodeURIComponent(l.id)}` }, l.status) },
        { label: t('persons.dates'), cell: (l) => `${l.startDate ?? '—'} – ${l.endedOn ?? l.plannedEndDate ?? '—'}` },
        { label: t('persons.inForce'), cell: (l) => (l.inForceToday ? t('persons.yes') : t('persons.no')) },
      ], p.listings, { rowClass: (l) => (l.inForceToday ? 'restricted' : undefined) })));
}

/* global FormData */
import { api, session } from '../api.js';
import { h, mount, todayInChina } from '../dom.js';
import { label, t } from '../i18n.js';
import { can } from '../roles.js';
import { errorBox } from '../session-ui.js';
import { setFlash } from './enterprise-actions.js';
import './case-texts.js';

/**
 * 提出拟列入 from the enterprise page (officer): list type from GET /api/v1/listing-types (its legal
 * basis prefilled), reason, the heavier penalty it rests on (DOMAIN.md §7). Opens the new case file.
 */
export function proposeForm(record, { go }) {
  if (!can(session.me()?.roles, 'listing.propose')) return null;
  const code = record.uscc ?? record.orgCode;
  const basis = h('input', { name: 'legalBasis', required: true });
  const types = h('select', { name: 'listType', required: true, onchange: () => { basis.value = types.selectedOptions[0]?.dataset.basis ?? basis.value; } }, h('option', { value: '' }, '—'));
  api('/api/v1/listing-types').then((list) => {
    for (const lt of (list.items ?? list).filter((x) => x.active !== false)) types.append(h('option', { value: lt.code, 'data-basis': lt.legalBasis ?? '' }, label(lt.name)));
  }).catch(() => {});
  const errors = h('div.form-errors');
  const input = (key, name, attrs = {}) => h('label', {}, t(key), h('input', { name, required: true, ...attrs }));
  return h('details.card#propose-listing', {},
    h('summary', {}, t('propose.title')),
    h('form.inline-form#propose-form', {
      onsubmit: async (e) => {
        e.preventDefault();
        const body = Object.fromEntries([...new FormData(e.target).entries()].map(([k, v]) => [k, String(v).trim()]));
        try {
          const created = await api('/api/v1/listings', { method: 'POST', body: { enterprise: code, ...body } });
          setFlash(t('propose.done'));
          go('console/listing', { id: created.id });
        } catch (err) {
          mount(errors, errorBox(err));
        }
      },
    },
    h('label', {}, t('propose.listType'), types),
    input('propose.reason', 'reason'),
    h('label', {}, t('propose.legalBasis'), basis),
    input('propose.penaltyNumber', 'penaltyDocumentNumber'),
    input('propose.penaltyOn', 'penaltyDecidedOn', { type: 'date', max: todayInChina() }),
    input('propose.penaltyAuthority', 'penaltyAuthority'),
    h('button', { type: 'submit' }, t('propose.do')),
    errors));
}

/* global FormData */
import { api } from '../api.js';
import { checkCode } from '../codes.js';
import { h, mount } from '../dom.js';
import { lang, t } from '../i18n.js';
import { errorBox } from '../session-ui.js';
import { consoleNav } from './console-nav.js';
import { setFlash } from './enterprise-actions.js';
import { describeCode } from './lookup.js';
import { INDUSTRY_SECTIONS } from './registrar-texts.js';

/**
 * 登记企业 (#/console/register): the code is checked as it is typed, with the same rules as the
 * server (js/codes.js mirrors libs/identifiers), naming the failing character and position; the
 * server still decides, and its problem (duplicate, bad field) is shown field by field.
 */
export async function registerPage(app, { go }) {
  const hint = h('div#code-hint', { 'aria-live': 'polite' });
  const codeInput = h('input', { name: 'code', required: true, autocomplete: 'off', 'aria-describedby': 'code-hint', maxlength: 24 });
  const validate = () => {
    const raw = codeInput.value;
    if (!raw.trim()) return mount(hint);
    const r = checkCode(raw);
    codeInput.setAttribute('aria-invalid', r.ok ? 'false' : 'true');
    mount(hint, r.ok ? h('p.code-ok', {}, '✓ ', t('reg.codeOk', { kind: t(`reg.kind.${r.kind}`) })) : h('p.code-bad', {}, `✗ ${t(`rule.${r.rule}`)}：${describeCode(r)}`));
  };
  codeInput.addEventListener('input', validate);
  const errors = h('div.form-errors');
  const field = (key, input) => h('label', {}, t(key), input);
  const form = h(
    'form.card#register-form',
    {
      onsubmit: async (e) => {
        e.preventDefault();
        const f = Object.fromEntries([...new FormData(e.target).entries()].map(([k, v]) => [k, String(v).trim()]).filter(([, v]) => v !== ''));
        if (!checkCode(f.code).ok) return codeInput.focus();
        const body = {
          code: f.code, name: f.name, industryCode: f.industryCode,
          legalRepresentative: { name: f.legalRep, ...(f.legalRepId ? { idNumber: f.legalRepId } : {}) },
          ...(f.regionCode ? { regionCode: f.regionCode } : {}), ...(f.address ? { address: f.address } : {}), ...(f.registeredOn ? { registeredOn: f.registeredOn } : {}),
        };
        try {
          const created = await api('/api/v1/enterprises', { method: 'POST', body });
          setFlash(t('reg.done', { name: created.name }));
          go('console/enterprise', { code: created.uscc ?? created.orgCode });
        } catch (err) {
          mount(errors, errorBox(err));
          errors.querySelector('[role=alert]')?.focus();
        }
      },
    },
    field('reg.code', codeInput),
    hint,
    field('reg.name', h('input', { name: 'name', required: true, maxlength: 200 })),
    field('reg.legalRep', h('input', { name: 'legalRep', required: true, maxlength: 100 })),
    field('reg.legalRepId', h('input', { name: 'legalRepId', autocomplete: 'off', maxlength: 40 })),
    field('reg.industry', h('select', { name: 'industryCode', required: true }, h('option', { value: '' }, '—'),
      INDUSTRY_SECTIONS.map(([code, zh, en]) => h('option', { value: code }, `${code} ${lang() === 'en' ? en : zh}`)))),
    field('reg.region', h('input', { name: 'regionCode', pattern: '\\d{6}', inputmode: 'numeric', maxlength: 6 })),
    field('reg.address', h('input', { name: 'address', maxlength: 500 })),
    field('reg.registeredOn', h('input', { name: 'registeredOn', type: 'date' })),
    errors,
    h('button', { type: 'submit' }, t('reg.do')),
  );
  mount(app, h('section.page', {}, consoleNav('register'), h('h1', {}, t('reg.title')), form));
  codeInput.focus();
}

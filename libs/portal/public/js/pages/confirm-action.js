/* global FormData */
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox } from '../session-ui.js';

/**
 * A row action: a button that opens a small inline form (when it has fields), then — for choices
 * that publish, end or restrict something — a confirmation step that shows the evidence and says
 * what becomes public and from when (issue 16). `tone`: 'irreversible' (red, e.g. 决定列入, 批准修复)
 * or 'negative' (grey outline, e.g. 不予列入), so the two never look alike.
 *
 * Opening an action clears the previous action's message (`flash`): it belongs to the last task,
 * not the one being filled in.
 */
/** One form field: text/date input, a select (`options: [[value, text]]`) or a checkbox (`type: 'checkbox'`, sends "true"). */
function fieldInput(f, previous) {
  if (f.options) {
    return h('label', {}, f.label, h('select', { name: f.name, required: !f.optional }, f.options.map(([v, text]) => h('option', { value: v, selected: v === (previous ?? f.value) }, text))));
  }
  if (f.type === 'checkbox') {
    return h('label.check', {}, h('input', { name: f.name, type: 'checkbox', value: 'true', checked: previous === 'true' || (previous === undefined && f.value === true) }), f.label);
  }
  return h('label', {}, f.label, h('input', { name: f.name, type: f.type ?? 'text', required: !f.optional, value: previous ?? f.value, min: f.min, max: f.max }));
}

export function action(key, { fields = [], confirm, tone, send, flash, onDone }) {
  const holder = h('span.action');
  const toneClass = tone ? `tone-${tone}` : '';
  const submit = async (values, errorTarget) => {
    try {
      await send(values);
      onDone(key);
    } catch (err) {
      mount(errorTarget, errorBox(err));
    }
  };
  const confirmStep = async (values) => {
    const panel = h('div.confirm', { role: 'group', 'aria-labelledby': `confirm-${key}` });
    mount(holder, panel);
    let body;
    try {
      body = await confirm(values);
    } catch (err) {
      return mount(panel, errorBox(err), h('button.link', { type: 'button', onclick: reset }, t('cancel')));
    }
    const errors = h('div.form-error');
    const yes = h(`button.${toneClass || 'primary'}`, { type: 'button', 'data-confirm': key, onclick: () => submit(values, errors) }, t('confirm.do', { what: t(key) }));
    mount(
      panel,
      h('h3', { id: `confirm-${key}` }, t('confirm.title'), '：', t(key)),
      body,
      tone === 'irreversible' ? h('p.irreversible', {}, t('confirm.irreversible')) : null,
      h('div.actions', {}, yes, h('button.link', { type: 'button', onclick: () => (fields.length ? openForm(values) : reset()) }, t('confirm.back'))),
      errors,
    );
    yes.focus();
  };
  const openForm = (previous = {}) => {
    mount(flash);
    const errors = h('div.form-error');
    const form = h(
      'form.inline-form',
      {
        onsubmit: (e) => {
          e.preventDefault();
          const values = Object.fromEntries([...new FormData(e.target).entries()].filter(([, v]) => v !== ''));
          if (confirm) confirmStep(values);
          else submit(values, errors);
        },
      },
      fields.map((f) => fieldInput(f, previous[f.name])),
      h(`button.${confirm ? 'primary' : toneClass || 'primary'}`, { type: 'submit', 'data-action-submit': key }, confirm ? t('next') : t(key)),
      h('button.link', { type: 'button', onclick: reset }, t('cancel')),
      errors,
    );
    mount(holder, form);
    form.querySelector('input, select')?.focus();
  };
  const button = h(`button.small.${toneClass || 'plain'}`, {
    type: 'button',
    'data-action': key,
    onclick: () => {
      if (fields.length) return openForm();
      mount(flash);
      if (confirm) return confirmStep({});
      const errors = h('div.form-error');
      holder.append(errors);
      return submit({}, errors);
    },
  }, t(key));
  function reset() {
    mount(holder, button);
    button.focus();
  }
  mount(holder, button);
  return holder;
}

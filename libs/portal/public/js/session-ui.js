/* global document, FormData */
import { ApiError, login, session, usePartnerKey } from './api.js';
import { h, message } from './dom.js';
import { t } from './i18n.js';

/** Error → a readable box (problem title, detail, field errors); never raw JSON. */
export function errorBox(err) {
  const lines = err instanceof ApiError ? err.lines : [String(err?.message ?? err)];
  return message('error', h('strong', {}, lines[0]), lines.length > 1 ? h('ul', {}, lines.slice(1).map((l) => h('li', {}, l))) : null);
}

/** Staff sign-in (and, where partners may use the page, an API-key session). Calls done() after. */
export function loginForms({ partner, done, note }) {
  const out = h('div.login-errors');
  const staff = h(
    'form.card.login#staff-login',
    {
      onsubmit: async (e) => {
        e.preventDefault();
        const f = new FormData(e.target);
        try {
          await login(String(f.get('username')), String(f.get('password')));
          done();
        } catch (err) {
          out.replaceChildren(errorBox(err));
        }
      },
    },
    h('h2', {}, t('login.title')),
    h('label', {}, t('login.username'), h('input', { name: 'username', autocomplete: 'username', required: true })),
    h('label', {}, t('login.password'), h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit' }, t('login.do')),
  );
  const key = partner
    ? h(
        'form.card.login#partner-login',
        {
          onsubmit: (e) => {
            e.preventDefault();
            usePartnerKey(String(new FormData(e.target).get('apiKey')));
            done();
          },
        },
        h('h2', {}, t('login.partnerTitle')),
        h('label', {}, t('login.apiKey'), h('input', { name: 'apiKey', type: 'password', autocomplete: 'off', required: true, placeholder: 'qcr_…' })),
        h('button', { type: 'submit' }, t('login.usePartner')),
      )
    : null;
  return h('section.login-area', {}, message('info', note ?? t('login.needed')), out, h('div.login-forms', {}, staff, key));
}

/** The header's "who am I" line and sign-out button. */
export function renderSession(target, onChange) {
  const me = session.me();
  const kind = session.kind();
  const expired = !kind && me; // token gone, sign-in dialog open
  const text = expired ? t('session.none') : kind === 'staff' && me ? t('session.staff', { name: me.username, roles: me.roles.join(', ') }) : kind === 'partner' ? t('session.partner') : t('session.none');
  target.replaceChildren(
    h('span.who', { id: 'who' }, text),
    // replaceChildren would print a null as the text "null"
    ...(kind ? [h('button.link', { type: 'button', id: 'logout', onclick: () => { session.clear(); onChange(); } }, t('logout'))] : []),
  );
}

/**
 * The token expired (401): a modal sign-in over the page, so nothing typed is lost; resolves true
 * once signed in (the caller then repeats its request), false when the user cancels (signed out).
 */
export function signInAgain(onChange) {
  const previous = session.me();
  onChange();
  return new Promise((resolve) => {
    const out = h('div.login-errors');
    const dialog = h('dialog.card.expired#session-expired', { 'aria-labelledby': 'session-expired-title' });
    const finish = (ok) => {
      dialog.close();
      dialog.remove();
      if (!ok) session.clear();
      onChange();
      resolve(ok);
    };
    const form = h(
      'form.login#expired-login',
      {
        onsubmit: async (e) => {
          e.preventDefault();
          const f = new FormData(e.target);
          try {
            await login(String(f.get('username')), String(f.get('password')));
            finish(true);
          } catch (err) {
            out.replaceChildren(errorBox(err));
          }
        },
      },
      h('h2#session-expired-title', {}, t('login.title')),
      message('warn', t('session.expired')),
      out,
      h('label', {}, t('login.username'), h('input', { name: 'username', autocomplete: 'username', required: true, value: previous?.username ?? '' })),
      h('label', {}, t('login.password'), h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
      h('div.actions', {}, h('button', { type: 'submit' }, t('session.resume')), h('button.link', { type: 'button', onclick: () => finish(false) }, t('cancel'))),
    );
    dialog.append(form);
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      finish(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    dialog.querySelector(previous?.username ? 'input[name=password]' : 'input[name=username]').focus();
  });
}

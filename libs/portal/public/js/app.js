/* global document, window, URLSearchParams */
import { h, mount } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import { onSessionExpired } from './api.js';
import { renderSession, signInAgain } from './session-ui.js';
import { agencyPage } from './pages/agency.js';
import { checkPage, printPage } from './pages/check.js';
import { consolePage } from './pages/console.js';
import { blacklistPage } from './pages/blacklist.js';
import { lookupPage } from './pages/lookup.js';
import { statsPage } from './pages/stats.js';
import { verifyPage } from './pages/verify.js';
import { receiptsPage } from './pages/receipts.js';

// Hash routes (#/lookup, #/check, #/console/…, #/stats): one static page, no server routing,
// and a reload keeps the place. Query parameters after the route: #/lookup?q=…
const routes = { lookup: lookupPage, check: checkPage, agency: agencyPage, 'check/print': printPage, console: consolePage, stats: statsPage, verify: verifyPage, blacklist: blacklistPage, receipts: receiptsPage };

export function parseHash(hash = window.location.hash) {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  return { path: path || 'lookup', params: new URLSearchParams(query) };
}

export function go(path, params = {}) {
  const q = new URLSearchParams(params).toString();
  // The hash changes now but the page renders on the later hashchange event: until then the old
  // page must not read as ready, or a test waiting for "ready" reads the previous results.
  const hash = `#/${path}${q ? `?${q}` : ''}`;
  if (hash !== window.location.hash) delete document.body.dataset.ready;
  window.location.hash = hash;
}

async function render() {
  const { path, params } = parseHash();
  const app = document.getElementById('app');
  const [top] = path.split('/');
  const page = routes[path] ?? routes[top] ?? lookupPage;
  document.documentElement.lang = lang() === 'en' ? 'en' : 'zh-CN';
  document.title = `${t(`nav.${top}`) === `nav.${top}` ? '' : `${t(`nav.${top}`)} · `}${t('brand')}`;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const a of document.querySelectorAll('[data-route]')) a.classList.toggle('active', a.dataset.route === top);
  const langSwitch = document.getElementById('lang-switch');
  langSwitch.textContent = lang() === 'en' ? '中文' : 'English';
  langSwitch.lang = lang() === 'en' ? 'zh-CN' : 'en'; // the button names the other language, in that language
  delete document.body.dataset.ready;
  renderSession(document.getElementById('session'), render);
  mount(app, h('p.muted', {}, t('loading')));
  try {
    await page(app, { path, params, rerender: render, go });
  } catch (err) {
    mount(app, h('div.msg.msg-error', { role: 'alert' }, String(err?.message ?? err)));
  }
  document.body.dataset.ready = path; // lets the browser tests wait for a rendered page
}

document.getElementById('lang-switch').addEventListener('click', () => {
  setLang(lang() === 'en' ? 'zh' : 'en');
  render();
});
window.addEventListener('hashchange', render);
// The skip link moves focus to the page's content; as a plain "#app" link it would change the hash route.
document.getElementById('skip-link').addEventListener('click', (e) => {
  e.preventDefault();
  document.getElementById('app').focus();
});
onSessionExpired(async () => {
  const ok = await signInAgain(() => renderSession(document.getElementById('session'), render));
  if (!ok) render(); // gave up: the page's own sign-in gate
  return ok;
});
render();

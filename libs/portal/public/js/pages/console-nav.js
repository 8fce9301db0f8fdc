import { session } from '../api.js';
import { h, mount } from '../dom.js';
import { t } from '../i18n.js';
import { can } from '../roles.js';
import './registrar-texts.js';
import './grading-texts.js';
import './audit-texts.js';
import './admin-texts.js';
import './catalogue-texts.js';
import './model-texts.js';
import './import-texts.js';
import './plan-texts.js';
import './receipt-texts.js';
import { loginForms } from '../session-ui.js';

/** The staff gate shared by the console and the statistics page. */
export function staffGate(app, title, rerender) {
  if (session.kind() === 'staff') return true;
  mount(app, h('section.page', {}, h('h1', {}, title), loginForms({ partner: false, done: rerender, note: session.kind() === 'partner' ? t('login.staffOnly') : undefined })));
  return false;
}

export function consoleNav(active) {
  return h('nav.sub-nav.no-print', {},
    h('a', { href: '#/console/enterprise', class: active === 'enterprise' ? 'active' : '' }, t('console.enterprise')),
    h('a', { href: '#/console/queues', class: active === 'queues' ? 'active' : '' }, t('console.queues')),
    can(session.me()?.roles, 'enterprise.write') ? h('a', { href: '#/console/register', class: active === 'register' ? 'active' : '' }, t('ent.registerNew')) : null,
    can(session.me()?.roles, 'enterprise.import') || can(session.me()?.roles, 'credit.write')
      ? h('a', { href: '#/console/imports', class: active === 'imports' ? 'active' : '' }, t('imp.title')) : null,
    can(session.me()?.roles, 'grade.read') ? h('a', { href: '#/console/grading', class: active === 'grading' ? 'active' : '' }, t('grading.title')) : null,
    can(session.me()?.roles, 'person.read') ? h('a', { href: '#/console/persons', class: active === 'persons' ? 'active' : '' }, t('persons.title')) : null,
    can(session.me()?.roles, 'grade.read') ? h('a', { href: '#/console/model', class: active === 'model' ? 'active' : '' }, t('model.title')) : null,
    can(session.me()?.roles, 'inspection.plan') ? h('a', { href: '#/console/plans', class: active === 'plans' ? 'active' : '' }, t('plan.title')) : null,
    can(session.me()?.roles, 'check.stats.read') ? h('a', { href: '#/console/feedback', class: active === 'feedback' ? 'active' : '' }, t('fb.title')) : null,
    can(session.me()?.roles, 'audit.read') ? h('a', { href: '#/console/audit', class: active === 'audit' ? 'active' : '' }, t('audit.title')) : null,
    can(session.me()?.roles, 'user.manage') ? h('a', { href: '#/console/admin', class: active === 'admin' ? 'active' : '' }, t('admin.title')) : null,
    can(session.me()?.roles, 'credit.catalogue.manage') || can(session.me()?.roles, 'listing.types.manage')
      ? h('a', { href: '#/console/catalogues', class: active === 'catalogues' ? 'active' : '' }, t('cat.title')) : null,
    h('a', { href: '#/stats', class: active === 'stats' ? 'active' : '' }, t('console.stats')),
  );
}


/* global FormData, window, fetch, URL */
import { api, qs, session } from '../api.js';
import { formatTime, h, message, mount, table } from '../dom.js';
import { addTexts, t } from '../i18n.js';
import { errorBox, loginForms } from '../session-ui.js';
import { PURPOSES } from './check.js';

addTexts({
  zh: {
    'nav.agency': '合作部门', 'agency.title': '合作部门：关注名单、回调与数据包', 'agency.staff': '管理员请指定合作部门 ID：',
    'agency.watchlists': '关注名单', 'agency.name': '名单名称', 'agency.file': '名单文件（CSV / Excel，≤ 100000 个代码）', 'agency.upload': '上传并替换',
    'agency.codes': '代码数', 'agency.unknown': '未登记', 'agency.invalid': '无效', 'agency.purpose': '用途', 'agency.updated': '更新时间',
    'agency.diff': '新增 {added}，移除 {removed}。', 'agency.webhooks': '回调地址', 'agency.url': '接收地址（https）', 'agency.add': '登记回调',
    'agency.secret': '签名密钥只显示这一次，请妥善保存：', 'agency.test': '发送测试', 'agency.rotate': '更换密钥', 'agency.deliveries': '最近投递',
    'agency.state': '状态', 'agency.attempts': '尝试次数', 'agency.status': '对方应答', 'agency.extracts': '每日数据包', 'agency.date': '日期', 'agency.files': '文件',
    'agency.none': '暂无',
  },
  en: {
    'nav.agency': 'Agency', 'agency.title': 'Agency: watchlists, webhooks and extracts', 'agency.staff': 'Administrators: the agency id:',
    'agency.watchlists': 'Watchlists', 'agency.name': 'List name', 'agency.file': 'List file (CSV / Excel, ≤ 100,000 codes)', 'agency.upload': 'Upload and replace',
    'agency.codes': 'Codes', 'agency.unknown': 'Not registered', 'agency.invalid': 'Invalid', 'agency.purpose': 'Purpose', 'agency.updated': 'Updated',
    'agency.diff': '{added} added, {removed} removed.', 'agency.webhooks': 'Webhook endpoints', 'agency.url': 'Receiver URL (https)', 'agency.add': 'Register',
    'agency.secret': 'The signing secret is shown only now; keep it safe:', 'agency.test': 'Send test', 'agency.rotate': 'Rotate secret', 'agency.deliveries': 'Recent deliveries',
    'agency.state': 'State', 'agency.attempts': 'Attempts', 'agency.status': 'Answer', 'agency.extracts': 'Daily extracts', 'agency.date': 'Date', 'agency.files': 'Files',
    'agency.none': 'None',
  },
});

/** 合作部门 (issue 20): a partner key's watchlists (upload, counts), webhook endpoints (test, recent deliveries) and extracts. */
export async function agencyPage(app, { rerender, params }) {
  if (!session.kind()) return mount(app, h('section.page', {}, h('h1', {}, t('agency.title')), loginForms({ partner: true, done: rerender })));
  const agency = session.kind() === 'staff' ? params.get('agency') ?? undefined : undefined;
  const q = qs({ agency });
  const out = h('div#agency-message');
  const lists = h('div#agency-watchlists');
  const hooks = h('div#agency-webhooks');
  const extracts = h('div#agency-extracts');
  const show = async (target, load) => {
    try {
      await load();
    } catch (err) {
      mount(target, errorBox(err));
    }
  };
  const refresh = () => Promise.all([
    show(lists, async () => mount(lists, watchlistTable(await api(`/api/v1/watchlists${q}`)))),
    show(hooks, async () => mount(hooks, await webhookTable(await api(`/api/v1/webhooks${q}`), q, out, refresh))),
    show(extracts, async () => mount(extracts, extractTable(await api('/api/v1/extracts')))),
  ]);
  const upload = h('form.card#watchlist-form', { onsubmit: async (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const form = new FormData();
    form.set('purpose', String(f.get('purpose')));
    form.set('file', f.get('file'));
    try {
      const r = await api(`/api/v1/watchlists/${encodeURIComponent(String(f.get('name')))}${q}`, { method: 'PUT', form });
      mount(out, message('ok', t('agency.diff', { added: r.added, removed: r.removed })));
      refresh();
    } catch (err) {
      mount(out, errorBox(err));
    }
  } },
  h('div.row', {},
    h('label', {}, t('agency.name'), h('input', { name: 'name', required: true, pattern: '[A-Za-z0-9_-]{1,64}' })),
    h('label', {}, t('agency.purpose'), h('select', { name: 'purpose' }, PURPOSES.map((p) => h('option', { value: p }, t(`purpose.${p}`))))),
  ),
  h('label', {}, t('agency.file'), h('input', { name: 'file', type: 'file', required: true, accept: '.csv,.xlsx,.txt' })),
  h('button', { type: 'submit' }, t('agency.upload')));
  const addHook = h('form.card#webhook-form', { onsubmit: async (e) => {
    e.preventDefault();
    try {
      const r = await api(`/api/v1/webhooks${q}`, { method: 'POST', body: { url: String(new FormData(e.target).get('url')) } });
      mount(out, message('ok', t('agency.secret'), ' ', h('code#webhook-secret', {}, r.secret)));
      refresh();
    } catch (err) {
      mount(out, errorBox(err));
    }
  } }, h('label', {}, t('agency.url'), h('input', { name: 'url', type: 'url', required: true })), h('button', { type: 'submit' }, t('agency.add')));
  mount(app, h('section.page', {}, h('h1', {}, t('agency.title')), out,
    h('h2', {}, t('agency.watchlists')), upload, lists,
    h('h2', {}, t('agency.webhooks')), addHook, hooks,
    h('h2', {}, t('agency.extracts')), extracts));
  await refresh();
}

function watchlistTable(rows) {
  if (rows.length === 0) return h('p.muted', {}, t('agency.none'));
  return table([
    { label: t('agency.name'), cell: (r) => r.name }, { label: t('agency.purpose'), cell: (r) => t(`purpose.${r.purpose}`) },
    { label: t('agency.codes'), cell: (r) => r.codes }, { label: t('agency.unknown'), cell: (r) => r.unknown },
    { label: t('agency.invalid'), cell: (r) => r.invalid }, { label: t('agency.updated'), cell: (r) => formatTime(r.updatedAt) },
  ], rows);
}

async function webhookTable(endpoints, q, out, refresh) {
  if (endpoints.length === 0) return h('p.muted', {}, t('agency.none'));
  const act = (path) => async () => {
    try {
      const r = await api(`/api/v1/webhooks/${path}${q}`, { method: 'POST', body: {} });
      mount(out, r?.secret ? message('ok', t('agency.secret'), ' ', h('code', {}, r.secret)) : message('ok', `${t('agency.test')} #${r.deliveryId}`));
      window.setTimeout(refresh, 1500);
    } catch (err) {
      mount(out, errorBox(err));
    }
  };
  return Promise.all(endpoints.map(async (e) => h('div.card', { 'data-endpoint': e.id },
    h('p', {}, h('code', {}, e.url), ' ', h('button', { type: 'button', onclick: act(`${e.id}/test`) }, t('agency.test')),
      ' ', h('button.link', { type: 'button', onclick: act(`${e.id}/rotate-secret`) }, t('agency.rotate'))),
    h('h3', {}, t('agency.deliveries')),
    table([
      { label: '#', cell: (d) => d.id }, { label: t('agency.state'), cell: (d) => d.state }, { label: t('agency.attempts'), cell: (d) => d.attempts },
      { label: t('agency.status'), cell: (d) => d.lastStatus ?? d.lastError ?? '' }, { label: t('agency.updated'), cell: (d) => formatTime(d.deliveredAt ?? d.createdAt) },
    ], await api(`/api/v1/webhooks/${e.id}/deliveries${q}`)))));
}

function extractTable(manifests) {
  if (manifests.length === 0) return h('p.muted', {}, t('agency.none'));
  return table([
    { label: t('agency.date'), cell: (m) => m.date },
    { label: t('agency.files'), cell: (m) => [...m.files.map((f) => f.name), 'manifest.json', 'manifest.json.sig'].map((name) =>
      [h('a', { href: `/api/v1/extracts/${m.date}/${name}`, onclick: (ev) => downloadFile(ev, `/api/v1/extracts/${m.date}/${name}`, name) }, name), ' ']) },
  ], manifests);
}

/** A plain link would not carry the key or token: fetch with them, then hand the bytes to the browser. */
async function downloadFile(ev, url, name) {
  ev.preventDefault();
  const auth = session.token() ? { Authorization: `Bearer ${session.token()}` } : { 'X-API-Key': session.apiKey() };
  const res = await fetch(url, { headers: auth });
  if (!res.ok) return;
  const link = h('a', { href: URL.createObjectURL(await res.blob()), download: `qcr-${name}` });
  link.click();
  window.setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

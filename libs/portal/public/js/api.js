/* global sessionStorage, fetch, URLSearchParams */
import { lang, t } from './i18n.js';

// Sessions live in sessionStorage: closing the tab signs out. A staff token (from
// POST /api/v1/auth/login) or a partner agency's API key, never both.
const TOKEN = 'qcr.token';
const API_KEY = 'qcr.apiKey';
const ME = 'qcr.me';

export const session = {
  token: () => sessionStorage.getItem(TOKEN),
  apiKey: () => sessionStorage.getItem(API_KEY),
  me: () => JSON.parse(sessionStorage.getItem(ME) ?? 'null'),
  kind: () => (sessionStorage.getItem(TOKEN) ? 'staff' : sessionStorage.getItem(API_KEY) ? 'partner' : null),
  clear() {
    for (const k of [TOKEN, API_KEY, ME]) sessionStorage.removeItem(k);
  },
};

/** An API error made readable: the problem+json title, detail and each field error. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || t('error.generic', { status }));
    this.status = status;
    this.problem = problem ?? {};
  }
  get code() {
    return this.problem.code ?? '';
  }
  /** lines a person can read; never the raw JSON */
  get lines() {
    const p = this.problem;
    const lines = [p.title || t('error.generic', { status: this.status })];
    if (p.detail && p.detail !== p.title) lines.push(p.detail);
    for (const e of p.errors ?? []) lines.push(`${e.field ? `${e.field}: ` : ''}${e.message ?? e.rule}`);
    if (p.traceId && this.status >= 500) lines.push(`trace ${p.traceId}`);
    return lines;
  }
}

/** The headers every call sends (language, credentials); the upload helper uses them too. */
export function headers(extra = {}) {
  const hs = { Accept: 'application/json', 'Accept-Language': lang() === 'en' ? 'en' : 'zh-CN', ...extra };
  const token = session.token();
  const key = session.apiKey();
  if (token) hs.Authorization = `Bearer ${token}`;
  else if (key) hs['X-API-Key'] = key;
  return hs;
}

// Set by the app: asks the user to sign in again when a staff token expires (resolves true once
// signed in, false if they gave up). The page is left as it is, so a half-filled form survives.
let expiredHandler = null;
let pendingSignIn = null;
export function onSessionExpired(handler) {
  expiredHandler = handler;
}

/** fetch → JSON (or text for CSV); throws ApiError with the problem details. */
export async function api(path, options = {}) {
  try {
    return await call(path, options);
  } catch (err) {
    // A staff token past its hour: sign in again over the page, then send the same request once more.
    if (err instanceof ApiError && err.status === 401 && err.expiredStaff && expiredHandler) {
      pendingSignIn ??= Promise.resolve(expiredHandler()).finally(() => { pendingSignIn = null; });
      if (await pendingSignIn) return call(path, options);
    }
    throw err;
  }
}

async function call(path, { method = 'GET', body, form, accept, signal, blob = false, headers: more = {} } = {}) {
  const extra = { ...more };
  if (accept) extra.Accept = accept;
  if (body !== undefined) extra['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(path, { method, headers: headers(extra), body: form ?? (body !== undefined ? JSON.stringify(body) : undefined), signal });
  } catch (err) {
    throw new ApiError(0, { title: t('error.network', { msg: err.message }) });
  }
  const type = res.headers.get('content-type') ?? '';
  if (!res.ok) {
    let problem = null;
    if (/json/.test(type)) problem = await res.json().catch(() => null);
    const err = new ApiError(res.status, problem);
    if (res.status === 401 && session.kind() && !path.startsWith('/api/v1/auth/')) {
      err.expiredStaff = session.kind() === 'staff';
      if (err.expiredStaff) sessionStorage.removeItem(TOKEN); // keep ME: the sign-in dialog offers the same user
      else session.clear();
    }
    throw err;
  }
  if (res.status === 204) return null;
  if (blob) return res.blob(); // a download (xlsx, PDF): bytes, not text
  if (/json/.test(type)) return res.json();
  return res.text();
}

export async function login(username, password) {
  session.clear();
  const { accessToken } = await api('/api/v1/auth/login', { method: 'POST', body: { username, password } });
  sessionStorage.setItem(TOKEN, accessToken);
  const me = await api('/api/v1/auth/me');
  sessionStorage.setItem(ME, JSON.stringify(me));
  return me;
}

export function usePartnerKey(key) {
  session.clear();
  sessionStorage.setItem(API_KEY, key.trim());
}

export function qs(params) {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') s.set(k, v);
  const str = s.toString();
  return str ? `?${str}` : '';
}

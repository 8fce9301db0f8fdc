import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget } from './url-policy.js';

/** issue 20: a receiver gets 5 s; one that hangs is cut off and retried later, never blocking the others. */
export const DELIVERY_TIMEOUT_MS = 5_000;
/** Only this much of a receiver's answer is read (kept for the delivery log), the rest is dropped. */
const RESPONSE_LIMIT = 16 * 1024;

export interface SendResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

/** One POST, at most DELIVERY_TIMEOUT_MS from connect to the end of the (limited) answer. */
export async function postWebhook(url: string, body: string, headers: Record<string, string>, allowPrivate: boolean): Promise<SendResult> {
  const target = new URL(url);
  let pinned: { address: string; family: number };
  try {
    pinned = await resolveTarget(target.hostname, allowPrivate);
  } catch (err) {
    return { ok: false, status: null, error: (err as Error).message };
  }
  // connect to the address that was checked, whatever DNS answers now
  const lookup: LookupFunction = (_host, opts, cb) =>
    (opts as { all?: boolean }).all
      ? (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned])
      : cb(null, pinned.address, pinned.family);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<SendResult>((resolve) => {
    let settled = false;
    const done = (r: SendResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        lookup,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), ...headers },
      },
      (res) => {
        let read = 0;
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > RESPONSE_LIMIT) res.destroy();
        });
        const status = res.statusCode ?? 0;
        const finish = () => done({ ok: status >= 200 && status < 300, status, error: status >= 200 && status < 300 ? null : `answered ${status}` });
        res.on('end', finish);
        res.on('close', finish);
      },
    );
    const timer = setTimeout(() => done({ ok: false, status: null, error: `no answer within ${DELIVERY_TIMEOUT_MS} ms` }), DELIVERY_TIMEOUT_MS);
    req.on('error', (err) => done({ ok: false, status: null, error: err.message }));
    req.end(body);
  });
}

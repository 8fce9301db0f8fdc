import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget } from './url-policy.js';

/** issue 20: a receiver gets 5 s; one that hangs is cut off and retried later, never blocking the others. */
export const DELIVERY_TIMEOUT_MS = 5_000;
/** Only this much of a receiver's answer is read (kept for the delivery log), the rest is dropped. */
const RESPONSE_LIMIT = 16 * 1024;
/**
 * An idle kept-alive connection is closed after this: under the 5 s that Node's and many other servers keep an idle
 * connection open, so we close first rather than send on a connection the receiver is closing.
 */
const IDLE_CONNECTION_MS = 4_000;
/** Connections kept open at once to one receiver address (the delivery workers post at most 32 at a time). */
const CONNECTIONS_PER_TARGET = 16;
/** Agents kept (one per receiver origin and checked address); the oldest is closed beyond this. */
const AGENTS_KEPT = 256;

export interface SendResult {
  ok: boolean;
  status: number | null;
  error: string | null;
}

type Agent = http.Agent | https.Agent;
const agents = new Map<string, Agent>();

/**
 * The kept-alive agent for one receiver origin at one checked address. Node's global agent keeps connections alive
 * too, but keyed by host and port only and with no idle limit: a connection opened to an address checked earlier could
 * carry a later delivery, and one the receiver had closed while idle could fail a delivery. Keyed by the checked
 * address, a connection is only reused for the address checked at this delivery (DNS rebinding, url-policy.ts).
 */
function agentFor(target: URL, address: string): Agent {
  const key = `${target.protocol}//${target.host}@${address}`;
  const kept = agents.get(key);
  if (kept) return kept;
  const options = { keepAlive: true, maxSockets: CONNECTIONS_PER_TARGET, maxFreeSockets: CONNECTIONS_PER_TARGET, timeout: IDLE_CONNECTION_MS };
  const agent = target.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
  agents.set(key, agent);
  if (agents.size > AGENTS_KEPT) {
    const [oldest, old] = agents.entries().next().value as [string, Agent];
    agents.delete(oldest);
    old.destroy();
  }
  return agent;
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
  let sent = await postOnce(target, pinned, body, headers);
  // a kept-alive connection the receiver closed just as we sent on it: once more on a new one (not a receiver's fault)
  if (sent.staleConnection) sent = await postOnce(target, pinned, body, headers);
  return { ok: sent.ok, status: sent.status, error: sent.error };
}

function postOnce(
  target: URL,
  pinned: { address: string; family: number },
  body: string,
  headers: Record<string, string>,
): Promise<SendResult & { staleConnection?: boolean }> {
  // connect to the address that was checked, whatever DNS answers now
  const lookup: LookupFunction = (_host, opts, cb) =>
    (opts as { all?: boolean }).all
      ? (cb as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned])
      : cb(null, pinned.address, pinned.family);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: SendResult & { staleConnection?: boolean }, drop: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (drop) req.destroy(); // a connection in an unknown state is never reused
      resolve(r);
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        lookup,
        agent: agentFor(target, pinned.address),
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body).toString(), ...headers },
      },
      (res) => {
        let read = 0;
        const status = res.statusCode ?? 0;
        const answer = { ok: status >= 200 && status < 300, status, error: status >= 200 && status < 300 ? null : `answered ${status}` };
        res.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > RESPONSE_LIMIT) done(answer, true); // the rest is not read; the connection goes with it
        });
        res.on('end', () => done(answer, false)); // read to the end: the connection may carry the next delivery
        res.on('close', () => done(answer, !res.complete));
      },
    );
    const timer = setTimeout(() => done({ ok: false, status: null, error: `no answer within ${DELIVERY_TIMEOUT_MS} ms` }, true), DELIVERY_TIMEOUT_MS);
    req.on('error', (err: NodeJS.ErrnoException) =>
      done({ ok: false, status: null, error: err.message, staleConnection: req.reusedSocket && err.code === 'ECONNRESET' }, true),
    );
    req.end(body);
  });
}

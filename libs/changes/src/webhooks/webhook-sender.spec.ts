import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { postWebhook } from './webhook-sender.js';

/** A loopback receiver that counts the connections it was opened on. */
async function receiver(handle: (req: http.IncomingMessage, res: http.ServerResponse) => void, keepAliveTimeout = 5_000) {
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => handle(req, res));
  });
  server.keepAliveTimeout = keepAliveTimeout;
  server.on('connection', (s: Socket) => sockets.add(s));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, connections: () => sockets.size, close: () => new Promise((r) => server.close(r)).then(() => server.closeAllConnections()) };
}

const post = (url: string) => postWebhook(url, '{"n":1}', { 'qcr-event-id': '1' }, true);

describe('postWebhook keeps connections to a receiver alive', () => {
  it('sends one delivery after another on one connection', async () => {
    const r = await receiver((_req, res) => res.writeHead(204).end());
    try {
      for (let i = 0; i < 5; i++) expect(await post(r.url)).toEqual({ ok: true, status: 204, error: null });
      expect(r.connections()).toBe(1);
    } finally {
      await r.close();
    }
  });

  it('does not reuse a connection whose answer was over the read limit', async () => {
    const r = await receiver((_req, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end('x'.repeat(64 * 1024)));
    try {
      expect(await post(r.url)).toEqual({ ok: true, status: 200, error: null });
      expect(await post(r.url)).toEqual({ ok: true, status: 200, error: null });
      expect(r.connections()).toBe(2);
    } finally {
      await r.close();
    }
  });

  it('delivers on a new connection when the receiver closed the kept one', async () => {
    // the receiver closes an idle connection after 50 ms, before our 4 s: the next POST must not fail on it
    const r = await receiver((_req, res) => res.writeHead(204).end(), 50);
    try {
      expect((await post(r.url)).ok).toBe(true);
      await new Promise((done) => setTimeout(done, 200));
      expect((await post(r.url)).ok).toBe(true);
      expect(r.connections()).toBe(2);
    } finally {
      await r.close();
    }
  });

  it('reports a receiver error and still delivers afterwards', async () => {
    let fail = true;
    const r = await receiver((_req, res) => res.writeHead(fail ? 500 : 204).end());
    try {
      expect(await post(r.url)).toEqual({ ok: false, status: 500, error: 'answered 500' });
      fail = false;
      expect(await post(r.url)).toEqual({ ok: true, status: 204, error: null });
    } finally {
      await r.close();
    }
  });
});

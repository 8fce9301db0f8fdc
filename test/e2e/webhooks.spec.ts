import http from 'node:http';
import { verifySignature } from '#qcr/changes';
import { expect } from '@jest/globals';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { readyToDecide } from './blacklist-helpers.js';
import { partnerReady, registerEnterprise } from './checks.fixtures.js';
import { body, first, type Ok, type Problem, type Reply } from './typed-http.js';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A receiver on loopback that answers what `answer` says and keeps what it got. */
function receiver(answer: (n: number) => number) {
  const got: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body });
      res.statusCode = answer(got.length);
      res.end('ok');
    });
  });
  return {
    got,
    start: () => new Promise<string>((r) => server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`))),
    stop: () => new Promise<void>((r) => server.close(() => r())),
  };
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Signed webhooks (issue 20) through pg-boss: a change on a watched code reaches the agency's receiver, signed.
describe('webhooks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      QCR_WEBHOOKS_ENABLED: 'true',
      QCR_WEBHOOK_RETRY_LIMIT: '2',
      QCR_WEBHOOK_RETRY_DELAY_SECONDS: '1',
      QCR_WEBHOOK_RETRY_DELAY_MAX_SECONDS: '1',
    });
    await partnerReady(t);
  });
  afterAll(() => t.close());

  /** An enterprise ready to be listed and watched by the demo agency, with an endpoint at `url`. */
  async function watched(url: string) {
    const e = await registerEnterprise(t);
    const listing = await readyToDecide(t, e.uscc);
    const hook: Reply<Ok<'/api/v1/webhooks', 'post'>> = await t.partner().post('/api/v1/webhooks').send({ url });
    expect(hook.status).toBe(201);
    expect(hook.body.secret).toMatch(/^whsec_/);
    const list = await t
      .partner()
      .put(`/api/v1/watchlists/hook-${e.orgCode}`)
      .send({ purpose: 'government_procurement', codes: [e.uscc] });
    expect(list.status).toBe(200);
    const decide = async (): Promise<Reply<Ok<'/api/v1/listings/{id}/decide', 'post'>>> =>
      t.as('reviewer').then((r) => r.post(`/api/v1/listings/${listing}/decide`).send({ decisionNumber: `测列〔2025〕${listing.slice(0, 6)}号` }));
    return { e, hook: hook.body as { id: string; secret: string }, decide };
  }

  it('delivers a listing decision, signed over timestamp + body; a tampered body fails the verification', async () => {
    const rx = receiver(() => 200);
    const { e, hook, decide } = await watched(await rx.start());
    expect((await decide()).status).toBeLessThan(300);
    const hit = first(await until('the delivery', () => (rx.got.length ? rx.got : undefined)), 'the delivery');
    // the delivery's JSON as docs/partners.md describes it
    const payload = JSON.parse(hit.body) as { type: string; eventId: string; event: { verdicts: Record<string, unknown> } };
    expect(payload).toMatchObject({
      type: 'change',
      event: { enterpriseId: e.id, cause: 'listing', verdicts: { government_procurement: { after: 'restricted' } } },
    });
    expect(Object.keys(payload.event.verdicts).sort()).toEqual(['government_procurement', 'honours', 'public_bidding', 'subsidies']); // the agency's purposes only
    expect(hit.headers['qcr-event-id']).toBe(payload.eventId);
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(hook.secret, String(hit.headers['qcr-signature']), hit.body, now)).toBe(true);
    expect(verifySignature(hook.secret, String(hit.headers['qcr-signature']), hit.body.replace('restricted', 'clear'), now)).toBe(false);
    const log = await until('delivered state', async () => {
      const res: Reply<Ok<'/api/v1/webhooks/{id}/deliveries'>> = await t.partner().get(`/api/v1/webhooks/${hook.id}/deliveries`);
      return res.body[0]?.state === 'delivered' ? res.body : undefined;
    });
    expect(log[0]).toMatchObject({ eventCursor: payload.eventId, attempts: 1, lastStatus: 200 });
    await rx.stop();
  });

  it('retries a receiver that answers 500, parks it as a dead letter after the last retry, and an admin replays it', async () => {
    let healthy = false;
    const rx = receiver(() => (healthy ? 200 : 500));
    const { hook, decide } = await watched(await rx.start());
    await decide();
    const dead = await until(
      'the dead letter',
      async () => {
        const res: Reply<Ok<'/api/v1/webhooks/dead-letters'>> = await (await t.as('admin')).get('/api/v1/webhooks/dead-letters');
        return res.body.find((d: { endpointId: string }) => d.endpointId === hook.id);
      },
      30_000,
    );
    expect(dead).toMatchObject({ state: 'dead', attempts: 3, lastStatus: 500 }); // first try + 2 retries
    expect(rx.got).toHaveLength(3);
    expect(new Set(rx.got.map((g) => g.headers['qcr-event-id'])).size).toBe(1); // one event id for every attempt: de-duplicable

    healthy = true;
    const replay: Reply<Ok<'/api/v1/webhooks/dead-letters/{deliveryId}/replay', 'post'>> = await (
      await t.as('admin')
    )
      .post(`/api/v1/webhooks/dead-letters/${dead.id}/replay`)
      .send({});
    expect([replay.status, replay.body.state]).toEqual([200, 'new']);
    await until('the replayed delivery', () => (rx.got.length === 4 ? true : undefined));
    expect(rx.got[3]?.headers['qcr-delivery-id']).toBe(dead.id); // a replay is the same delivery, detectable by its id
    expect(rx.got[3]?.headers['qcr-event-id']).toBe(rx.got[0]?.headers['qcr-event-id']);
    expect((await (await t.as('admin')).post(`/api/v1/webhooks/dead-letters/${dead.id}/replay`).send({})).status).toBe(404);
    await rx.stop();
  });

  it('sends a signed test delivery, rotates the secret with both valid meanwhile', async () => {
    const rx = receiver(() => 200);
    const hook = body<Ok<'/api/v1/webhooks', 'post'>>(
      await t
        .partner()
        .post('/api/v1/webhooks')
        .send({ url: await rx.start() }),
    );
    const rotated: Reply<Ok<'/api/v1/webhooks/{id}/rotate-secret', 'post'>> = await t.partner().post(`/api/v1/webhooks/${hook.id}/rotate-secret`).send({});
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(hook.secret);
    expect((await t.partner().post(`/api/v1/webhooks/${hook.id}/test`).send({})).status).toBe(202);
    const hit = first(await until('the test delivery', () => (rx.got.length ? rx.got : undefined)), 'the test delivery');
    expect(JSON.parse(hit.body)).toMatchObject({ type: 'test', event: null });
    const now = Math.floor(Date.now() / 1000);
    for (const secret of [hook.secret, rotated.body.secret]) expect(verifySignature(secret, String(hit.headers['qcr-signature']), hit.body, now)).toBe(true);
    await rx.stop();
  });

  // issue 20, the change feed's cost: key_strict_fifo's fetch reads every waiting job of the queue to find each key's
  // head, so the dispatcher keeps at most 256 jobs waiting in pg-boss; the rest wait as `new` deliveries. Before the cap
  // the dispatcher queued up to 500 a pass (this test saw 300+ waiting), so every fetch read them all.
  it('keeps at most 256 delivery jobs waiting in pg-boss while 600 deliveries flow to a slow receiver, each delivered once', async () => {
    const seen = new Set<string>();
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.add(String(req.headers['qcr-delivery-id']));
        setTimeout(() => res.end('ok'), 1_000); // a slow receiver: jobs pile up behind the workers
      });
    });
    const url = await new Promise<string>((r) =>
      server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as { port: number }).port}/hook`)),
    );
    const hook = body<Ok<'/api/v1/webhooks', 'post'>>(await t.partner().post('/api/v1/webhooks').send({ url }));
    const db = t.app.get(DataSource);
    let peak = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows: Array<{ n: number }> = await db.query(`SELECT count(*)::int AS n FROM qcr_jobs.job WHERE name = 'webhook-delivery' AND state = 'created'`);
        peak = Math.max(peak, rows[0]?.n ?? 0);
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    const ids: string[] = [];
    for (let i = 0; i < 600; i += 30) {
      const replies = await Promise.all(Array.from({ length: 30 }, () => t.partner().post(`/api/v1/webhooks/${hook.id}/test`).send({})));
      for (const r of replies) ids.push(body<{ deliveryId: string }>(r).deliveryId);
    }
    await until('600 deliveries', () => (ids.every((id) => seen.has(id)) ? true : undefined), 90_000);
    sampling = false;
    await sampler;
    server.close();
    expect(seen.size).toBe(600);
    expect(peak).toBeGreaterThan(0);
    expect(peak).toBeLessThanOrEqual(256);
  }, 120_000);

  it('refuses URLs that break the rules, naming url and the rule', async () => {
    for (const [url, rule] of [
      ['ftp://bank.example/x', 'scheme'],
      ['https://user:pw@bank.example/x', 'credentials'],
      ['not a url', 'url'],
    ]) {
      const res: Reply<Problem> = await t.partner().post('/api/v1/webhooks').send({ url });
      expect([url, res.status, res.body.code, res.body.errors?.[0]]).toEqual([url, 400, 'WEBHOOKS.BAD_URL', expect.objectContaining({ field: 'url', rule })]);
    }
  });
});

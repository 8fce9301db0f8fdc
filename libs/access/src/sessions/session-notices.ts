import { Logger } from '@nestjs/common';
import pg from 'pg';

/** The channel on which a change to a user's sessions is announced, with the user id as payload. */
export const SESSIONS_CHANNEL = 'qcr_access_sessions';
/** The channel on which a revoked API key is announced, with the key's prefix as payload (agencies.service.ts). */
export const API_KEYS_CHANNEL = 'qcr_access_api_keys';
const RETRY_MS = 2_000;

/**
 * Cache invalidation across API instances (issue 22: a revocation holds on every instance within 1 s).
 * LISTEN on a connection of its own (not one borrowed from the pool): other instances announce
 * deactivations, role changes and logouts with NOTIFY in the changing transaction, delivered on
 * commit. Losing the connection only delays invalidation to the cache TTL; it reconnects.
 */
export class SessionNotices {
  private readonly log = new Logger('SessionNotices');
  private client?: pg.Client;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly url: string,
    private readonly onNotice: (payload: string) => void,
    private readonly onGap: () => void,
    private readonly channel: string = SESSIONS_CHANNEL,
  ) {}

  start(): void {
    void this.connect();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new pg.Client({ connectionString: this.url });
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    client.on('notification', (msg) => {
      if (msg.channel === this.channel && msg.payload) this.onNotice(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
      if (this.stopped) return void client.end().catch(() => {});
      this.client = client;
      this.onGap(); // notices may have been missed while disconnected
    } catch (err) {
      this.lost(client, err);
    }
  }

  private lost(client: pg.Client, err?: unknown): void {
    if (this.client === client) this.client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => {});
    if (this.stopped || this.timer) return;
    if (err) this.log.warn(`session notices lost (${(err as Error).message}); retrying in ${RETRY_MS} ms`);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.connect();
    }, RETRY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('end');
      await client.end().catch(() => {});
    }
  }
}

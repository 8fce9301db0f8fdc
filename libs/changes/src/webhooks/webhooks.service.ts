import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, AppConfig, inTransaction, problem } from '#qcr/platform';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ChangeProblems } from '../changes.problems.js';
import { agencyOf } from '../watchlists/watchlists.service.js';
import { resolveTarget, urlProblem } from './url-policy.js';
import { type DeliveryRow, type EndpointRow, WebhooksRepository } from './webhooks.repository.js';

/** After a rotation the old secret still signs for this long, so receivers can switch without missing a delivery. */
const ROTATION_GRACE_MS = 24 * 3_600_000;

const newSecret = () => `whsec_${randomBytes(32).toString('base64url')}`;

/** Webhook endpoints of an agency: register (secret shown once), rotate, test, recent deliveries; dead letters for admins. */
@Injectable()
export class WebhooksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: WebhooksRepository,
    private readonly audit: AuditLog,
    private readonly config: AppConfig,
  ) {}

  async create(actor: Actor, url: string, agency?: string): Promise<EndpointRow & { secret: string }> {
    const agencyId = agencyOf(actor, agency);
    await this.checkUrl(url);
    const secret = newSecret();
    return inTransaction(this.db, async (em) => {
      const row = await this.repo.create(em, agencyId, url, secret);
      await this.audit.record(em, actor, { action: 'webhook.created', entityType: 'webhook', entityId: row.id, after: { agencyId, url } });
      return { ...row, secret };
    });
  }

  list(actor: Actor, agency?: string): Promise<EndpointRow[]> {
    return this.repo.list(agencyOf(actor, agency));
  }

  async rotate(actor: Actor, id: string, agency?: string): Promise<EndpointRow & { secret: string }> {
    const endpoint = await this.endpoint(actor, id, agency);
    const secret = newSecret();
    return inTransaction(this.db, async (em) => {
      const row = await this.repo.rotate(em, endpoint.id, secret, new Date(Date.now() + ROTATION_GRACE_MS));
      await this.audit.record(em, actor, {
        action: 'webhook.secret-rotated',
        entityType: 'webhook',
        entityId: id,
        after: { previousValidUntil: row.previousValidUntil },
      });
      return { ...row, secret };
    });
  }

  async remove(actor: Actor, id: string, agency?: string): Promise<void> {
    const endpoint = await this.endpoint(actor, id, agency);
    await inTransaction(this.db, async (em) => {
      await this.repo.deactivate(em, endpoint.id);
      await this.audit.record(em, actor, { action: 'webhook.removed', entityType: 'webhook', entityId: id, before: { url: endpoint.url } });
    });
  }

  /** A signed `test` delivery through the same queue; its row shows how the receiver answered. */
  async test(actor: Actor, id: string, agency?: string): Promise<{ deliveryId: string }> {
    const endpoint = await this.endpoint(actor, id, agency);
    return inTransaction(this.db, async (em) => {
      const deliveryId = await this.repo.addTestDelivery(em, endpoint.id);
      await this.audit.record(em, actor, { action: 'webhook.test-requested', entityType: 'webhook', entityId: id, after: { deliveryId } });
      return { deliveryId };
    });
  }

  async deliveries(actor: Actor, id: string, agency?: string): Promise<DeliveryRow[]> {
    return this.repo.deliveries((await this.endpoint(actor, id, agency)).id);
  }

  deadLetters() {
    return this.repo.deadLetters();
  }

  async replay(actor: Actor, deliveryId: string): Promise<DeliveryRow> {
    return inTransaction(this.db, async (em) => {
      const row = await this.repo.replay(em, deliveryId);
      if (!row) throw problem(ChangeProblems.deliveryNotDead, `delivery ${deliveryId} is not a dead letter`);
      await this.audit.record(em, actor, {
        action: 'webhook.delivery-replayed',
        entityType: 'webhook-delivery',
        entityId: deliveryId,
        after: { state: 'new' },
      });
      return row;
    });
  }

  private async endpoint(actor: Actor, id: string, agency?: string): Promise<EndpointRow> {
    const row = await this.repo.find(null, agencyOf(actor, agency), id);
    if (!row) throw problem(ChangeProblems.webhookNotFound, `no webhook endpoint ${id}`);
    return row;
  }

  /** SSRF rules (docs/changes.md): http(s), no credentials, and a host that resolves to a public address. */
  private async checkUrl(url: string): Promise<void> {
    const rule = urlProblem(url);
    const fail = (r: string, detail: string) => problem(ChangeProblems.badWebhookUrl, detail, [{ field: 'url', rule: r, message: detail }]);
    if (rule) throw fail(rule, `the URL breaks rule ${rule}`);
    if (!this.config.QCR_WEBHOOKS_ALLOW_PRIVATE && new URL(url).protocol !== 'https:') throw fail('scheme', 'receivers must use https');
    try {
      await resolveTarget(new URL(url).hostname, this.config.QCR_WEBHOOKS_ALLOW_PRIVATE);
    } catch (err) {
      throw fail('private_address', (err as Error).message);
    }
  }
}

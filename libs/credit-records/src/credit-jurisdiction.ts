import { Injectable } from '@nestjs/common';
import { EnterprisesService } from '#qcr/enterprises';
import { type Actor, assertWithinJurisdiction } from '#qcr/platform';
import { CreditRecordsRepository } from './credit-records.repository.js';

/**
 * Writes on credit information only within the acting authority's region (DOMAIN.md §7; issue 24). Called from the
 * controller before the service: an id that does not exist passes here and gets the service's own 404.
 */
@Injectable()
export class CreditJurisdiction {
  constructor(
    private readonly repo: CreditRecordsRepository,
    private readonly enterprises: EnterprisesService,
  ) {}

  async forEnterpriseCode(actor: Actor, code: string, what: string): Promise<void> {
    if (actor.kind !== 'staff') return;
    const ref = await this.enterprises.resolve(code).catch(() => null);
    if (ref) assertWithinJurisdiction(actor, ref.regionCode, what);
  }

  async forRecord(actor: Actor, recordId: string, what: string): Promise<void> {
    if (actor.kind !== 'staff') return;
    const record = await this.repo.findRecord(null, recordId);
    if (record) await this.forEnterpriseId(actor, record.enterpriseId, what);
  }

  async forObjection(actor: Actor, objectionId: string, what: string): Promise<void> {
    if (actor.kind !== 'staff') return;
    const objection = await this.repo.findObjection(null, objectionId);
    if (objection) await this.forRecord(actor, objection.recordId, what);
  }

  private async forEnterpriseId(actor: Actor, enterpriseId: string, what: string): Promise<void> {
    const ref = await this.enterprises.getRef(enterpriseId);
    if (ref) assertWithinJurisdiction(actor, ref.regionCode, what);
  }
}

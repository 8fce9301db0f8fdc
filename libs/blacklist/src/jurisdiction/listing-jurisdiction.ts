import { Injectable } from '@nestjs/common';
import { EnterprisesService } from '#qcr/enterprises';
import { type ActingAuthority, type Actor, assertWithinJurisdiction, todayInChina } from '#qcr/platform';
import { ListingsRepository } from '../listings.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Issue 24, DOMAIN.md §7: every step of a listing is a write on the enterprise, allowed only within the acting
 * authority's region. Called from the controller before the listing service (other work changes the decision path:
 * this stays beside it). An id or code that does not resolve passes here and gets the service's own 404/422.
 */
@Injectable()
export class ListingJurisdiction {
  constructor(private readonly repo: ListingsRepository, private readonly enterprises: EnterprisesService) {}

  /** 拟列入 for the enterprise named by USCC, organisation code or id. */
  async forProposal(actor: Actor, enterprise: string): Promise<ActingAuthority | null> {
    if (actor.kind !== 'staff') return null;
    const ref = UUID.test(enterprise) ? await this.enterprises.getRef(enterprise) : await this.enterprises.resolve(enterprise).catch(() => null);
    return ref ? assertWithinJurisdiction(actor, ref.regionCode, 'proposing a listing') : null;
  }

  /** Any later step on an existing listing: the enterprise's region must lie within the acting authority's. */
  async forListing(actor: Actor, listingId: string, what: string): Promise<ActingAuthority | null> {
    if (actor.kind !== 'staff') return null;
    const row = await this.repo.find(null, listingId, todayInChina());
    if (!row) return null;
    const ref = await this.enterprises.getRef(row.enterprise_id);
    return ref ? assertWithinJurisdiction(actor, ref.regionCode, what) : null;
  }
}

import { Injectable } from '@nestjs/common';
import { AuthoritiesService, type DecisionSetting } from '#qcr/access';
import { EnterprisesService } from '#qcr/enterprises';
import {
  type ActingAuthority,
  type Actor,
  assertWithinJurisdiction,
  AUTHORITY_LEVELS,
  CommonProblems,
  covers,
  fieldProblem,
  problem,
  todayInChina,
} from '#qcr/platform';
import { BlacklistProblems } from '../blacklist.problems.js';
import type { ListingRow } from '../listing-rows.js';
import { ListingsRepository } from '../listings.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const rank = (level: string) => AUTHORITY_LEVELS.indexOf(level as (typeof AUTHORITY_LEVELS)[number]);

/** The authority a decision is made for, with what its level's consent setting asks. */
export interface DecidingAuthority {
  id: string;
  code: string;
  name: string;
  /** 报经上一级同意 is on for the authority's level (access.authority_levels) */
  consentRequired: boolean;
  /** the authority one level up: the one to consent */
  parentId: string | null;
}

/**
 * Issue 24, DOMAIN.md §7: every step of a listing is a write on the enterprise, allowed only within the acting
 * authority's region; removals follow "谁列入、谁移出"; the decision is made for the acting user's authority.
 * Called from the controllers before the listing services (other work changes the decision path: this stays beside
 * it). An id or code that does not resolve passes here and gets the service's own 404/422.
 */
@Injectable()
export class ListingJurisdiction {
  constructor(
    private readonly repo: ListingsRepository,
    private readonly enterprises: EnterprisesService,
    private readonly authorities: AuthoritiesService,
  ) {}

  /** 拟列入 for the enterprise named by USCC, organisation code or id. */
  async forProposal(actor: Actor, enterprise: string): Promise<ActingAuthority | null> {
    if (actor.kind !== 'staff') return null;
    const ref = UUID.test(enterprise) ? await this.enterprises.getRef(enterprise) : await this.enterprises.resolve(enterprise).catch(() => null);
    return ref ? assertWithinJurisdiction(actor, ref.regionCode, 'proposing a listing') : null;
  }

  /** Any later step on an existing listing: the enterprise's region must lie within the acting authority's. */
  async forListing(actor: Actor, listingId: string, what: string): Promise<ActingAuthority | null> {
    if (actor.kind !== 'staff') return null;
    const region = await this.regionOf(listingId);
    return region ? assertWithinJurisdiction(actor, region, what) : null;
  }

  /**
   * 决定列入 for the acting user's authority — of theirs, the one whose region holds the enterprise (primary first), or
   * the one `claimed` names. A claim naming any other authority is a 400 on `decidingAuthority` (issue 24: no free text).
   * Called inside the decision's transaction with the listing it read FOR UPDATE (issue 21: the listing is read once):
   * the region is the one the listing recorded for the enterprise when proposed — the region the console's queues
   * filter by — and the enterprise's current one only for rows older than that column. `settings`: the actor's
   * authorities as the locked read returned them (decisionSettingsSql), so this reads nothing more.
   */
  async forDecision(
    actor: Actor,
    listing: Pick<ListingRow, 'enterprise_id' | 'enterprise_region_code'>,
    claimed: string | undefined,
    settings: Record<string, DecisionSetting>,
  ): Promise<DecidingAuthority | null> {
    if (actor.kind !== 'staff') return null;
    const region = listing.enterprise_region_code ?? (await this.enterprises.getRef(listing.enterprise_id))?.regionCode ?? null;
    if (!region) return null;
    const first = assertWithinJurisdiction(actor, region, 'deciding a listing')!;
    const acting = claimed === undefined ? first : actor.authorities!.find((a) => covers(a, region) && (a.name === claimed || a.code === claimed));
    if (!acting) {
      throw problem(CommonProblems.validation, `decidingAuthority must be the authority you act for (${first.name}), not ${claimed}`, [
        fieldProblem('decidingAuthority', 'own-authority', `must equal ${first.name} or be omitted`),
      ]);
    }
    const setting = settings[acting.id];
    return {
      id: acting.id,
      code: acting.code,
      name: acting.name,
      consentRequired: (setting?.consentRequired ?? false) && !!setting?.parentId,
      parentId: setting?.parentId ?? null,
    };
  }

  /**
   * forDecision's read of the actor's authorities (parent, level's consent setting), as SQL the caller folds into the
   * decision's locked read (issue 21); `ids` is an SQL expression for the actor's authority ids (decisionAuthorityIds).
   */
  decisionSettingsSql(ids: string): string {
    return AuthoritiesService.decisionSettingsSql(ids);
  }

  /**
   * 谁列入、谁移出 (Order 44): repair and revocation of a decided listing are for the authority that decided it, or one
   * above it (a level up and its region containing the decider's). Listings decided before authorities were data
   * (no `deciding_authority_id`) fall back to the region rule alone.
   */
  async forRemoval(actor: Actor, listingId: string, what: string): Promise<void> {
    if (actor.kind !== 'staff') return;
    const row = await this.repo.find(null, listingId, todayInChina());
    if (!row) return;
    const ref = await this.enterprises.getRef(row.enterprise_id);
    if (ref) assertWithinJurisdiction(actor, ref.regionCode, what);
    if (!row.deciding_authority_id) return;
    const decider = await this.authorities.findById(null, row.deciding_authority_id);
    if (!decider) return;
    const mayRemove = (actor.authorities ?? []).some((a) => a.id === decider.id || (rank(a.level) < rank(decider.level) && covers(a, decider.regionCode)));
    if (!mayRemove) {
      throw problem(BlacklistProblems.notListingAuthority, `${what}: listed by ${decider.name}; only it or an authority above it may remove the listing`, [], {
        rule: 'jurisdiction.who-listed-removes',
        decidingAuthority: decider.code,
      });
    }
  }

  private async regionOf(listingId: string): Promise<string | null> {
    const row = await this.repo.find(null, listingId, todayInChina());
    if (!row) return null;
    return (await this.enterprises.getRef(row.enterprise_id))?.regionCode ?? null;
  }
}

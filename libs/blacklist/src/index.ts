// Public surface of the blacklist context (schema `blacklist`): 质量失信黑名单.
export { BlacklistModule } from './blacklist.module.js';
export { BlacklistReader, LISTING_CHANGED, type ListingChangedEvent, type ListingSummary } from './blacklist-reader.js';
export { BlacklistExpiry } from './blacklist-expiry.js';
export { BlacklistProblems } from './blacklist.problems.js';
export { type ListingStatus } from './listing-rules.js';
export { seedDemoBlacklist } from './blacklist.seed.js';
export { ListingPersonalData } from './listing-personal-data.js';
import { Blacklist1763700006000 } from './migrations/1763700006000-blacklist.js';
import { ListingsOnDate1764000002000 } from './migrations/1764000002000-listings-on-date.js';
import { ListingLegalRepRef1764300000100 } from './migrations/1764300000100-listing-legal-rep-ref.js';
import { ListingRevocationProposals1764300000500 } from './migrations/1764300000500-listing-revocation-proposals.js';
import { ListingPersons1765100000100 } from './migrations/1765100000100-listing-persons.js';
import { ListingAuthority1765500001000 } from './migrations/1765500001000-listing-authority.js';
import { RevocationCases1765500002000 } from './migrations/1765500002000-revocation-cases.js';
import { ListingRegion1765500004000 } from './migrations/1765500004000-listing-region.js';
import { InForceUntil1765700000000 } from './migrations/1765700000000-in-force-until.js';
import { ListTypeSettings1764900001000 } from './migrations/1764900001000-list-type-settings.js';
export const blacklistMigrations = [
  Blacklist1763700006000,
  ListingsOnDate1764000002000,
  ListingLegalRepRef1764300000100,
  ListingRevocationProposals1764300000500,
  ListTypeSettings1764900001000,
  ListingPersons1765100000100,
  ListingAuthority1765500001000,
  RevocationCases1765500002000,
  ListingRegion1765500004000,
  InForceUntil1765700000000,
];

// Public surface of the credit-records context (schema `credit`): quality credit information (DOMAIN.md §5).
export { CreditRecordsModule } from './credit-records.module.js';
export { CreditRecordsService, OBJECTION_DAYS } from './credit-records.service.js';
export { CreditCatalogueService } from './credit-catalogue.service.js';
export { CreditRecordsImporter, type CreditImportOptions, type CreditImportSummary } from './credit-records-importer.service.js';
export { CREDIT_IMPORT_COLUMNS, type CreditImportRowError } from './import/credit-csv.js';
export {
  CREDIT_RECORD_CHANGED,
  CREDIT_RECORD_REVOKED,
  type CreditRecordRevokedEvent,
  LISTING_GROUND_CATEGORY,
  type CreditCategory,
  type CreditFact,
  type CreditObjection,
  type CreditRecord,
  type CreditStatus,
  type Polarity,
  type Severity,
} from './credit.types.js';
export { defaultPublishUntil, isPublished, repairAllowedFrom } from './publication.js';
export { countingRecordsJsonSql } from './counting-records-sql.js';
import { Credit1763700004000 } from './migrations/1763700004000-credit.js';
import { RecordRevocationProposals1764300000600 } from './migrations/1764300000600-record-revocation-proposals.js';
import { ObjectionNames1764600002000 } from './migrations/1764600002000-objection-names.js';
import { CategoryGroundsListing1764900002000 } from './migrations/1764900002000-category-grounds-listing.js';
export const creditRecordsMigrations = [
  Credit1763700004000,
  RecordRevocationProposals1764300000600,
  ObjectionNames1764600002000,
  CategoryGroundsListing1764900002000,
];

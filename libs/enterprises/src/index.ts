// Public surface of the enterprises context (schema `enterprises`): records keyed by organisation code.
export { EnterprisesModule } from './enterprises.module.js';
export { EnterprisesService, type EnterpriseSearch } from './enterprises.service.js';
export { invalidCodeProblem } from './code-problems.js';
export { ReferenceEditions, type EditionLoaded, referenceDocumentProblems } from './reference-editions.service.js';
export { readReferenceDocument, type ReferenceDocument } from './reference-data.js';
export { EnterpriseRegistrar } from './enterprise-registrar.service.js';
export { EnterpriseImporter, type ImportOptions, type ImportSummary } from './enterprise-importer.service.js';
export { IMPORT_COLUMNS, type ImportRowError } from './import/csv-columns.js';
export { PersonalDataCipher } from './personal-data.js';
export {
  PERSON_ROLE_LABELS,
  PERSON_ROLES,
  type PersonProfile,
  PersonRegistry,
  type PersonRole,
  type PersonRoleView,
} from './persons/person-registry.service.js';
export { type PersonDocument, personDocumentOrProblem, PersonProblems } from './persons/person.problems.js';
export { PersonDocumentDto } from './persons/officers.dto.js';
export { PersonsResealer } from './persons/persons-reseal.js';
export { PersonalDataResealer, type ResealMode } from './personal-data-reseal.js';
export {
  ENTERPRISE_CHANGED,
  ENTERPRISE_STATUSES,
  type EnterpriseRef,
  type EnterpriseStatus,
  type EnterpriseVersion,
  type EnterpriseView,
  type PublicEnterpriseView,
  STATUS_LABELS,
} from './enterprise.types.js';
export { maskIdNumber } from './personal-data.js';
export { generateEnterpriseCsv, generateEnterpriseRows, type GeneratedEnterprise } from './bulk/generate.js';
export { bulkLoadEnterprises, type BulkLoadOptions } from './bulk/bulk-load.js';
export { seedDemoEnterprises, DEMO_ENTERPRISE_COUNT } from './demo-seed.js';
import { Enterprises1763700003000 } from './migrations/1763700003000-enterprises.js';
import { ResolveCode1764000000000 } from './migrations/1764000000000-resolve-code.js';
import { PersonalDataKeyed1764300000000 } from './migrations/1764300000000-personal-data-keyed.js';
import { ReferenceEditions1764400000000 } from './migrations/1764400000000-reference-editions.js';
import { Persons1765100000000 } from './migrations/1765100000000-persons.js';
import { IndustryCorrespondence1764800000000 } from './migrations/1764800000000-industry-correspondence.js';
import { PublishedRegister1765700000200 } from './migrations/1765700000200-published-register.js';
export const enterprisesMigrations = [
  Enterprises1763700003000,
  ResolveCode1764000000000,
  PersonalDataKeyed1764300000000,
  ReferenceEditions1764400000000,
  IndustryCorrespondence1764800000000,
  Persons1765100000000,
  PublishedRegister1765700000200,
];

// Public surface of the public register (社会监督, DOMAIN.md §2): the no-login views of published
// grades and listings. No schema of its own; reads through the enterprises, grading and blacklist facades.
export { PublicRegisterModule } from './public-register.module.js';
export { PublicRegister, type PublicEnterpriseRecord, type PublicEnterpriseSummary, type PublishedGrade } from './public-register.service.js';

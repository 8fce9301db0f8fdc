import type { INestApplicationContext } from '@nestjs/common';
import { ListingPersonalData } from '#qcr/blacklist';
import { PersonalDataResealer, PersonsResealer, type ResealMode } from '#qcr/enterprises';

/**
 * After migrations, before serving (issue 13): refuse a PII key that cannot open what is stored, then bring legacy
 * personal data to the keyed form (the migrations cannot: they never see the key). `rotate` is `cli keys rotate`.
 */
export async function preparePersonalData(
  app: INestApplicationContext,
  mode: ResealMode = 'legacy',
  onProgress?: (done: number) => void,
): Promise<{ rows: number; versions: number; listings: number; persons: number }> {
  const resealer = app.get(PersonalDataResealer, { strict: false });
  await resealer.checkKeys();
  const { rows, versions } = await resealer.reseal(mode, { onProgress });
  const listings = await app.get(ListingPersonalData, { strict: false }).redigest(mode);
  // persons (issue 18) carry their own keyed digest and seal
  const persons = await app.get(PersonsResealer, { strict: false }).redigest(mode);
  return { rows, versions, listings, persons };
}

/**
 * Everything start-up does with keys held outside the database, after the migrations and before serving. The audit
 * chain's epoch and key check ran already in AuditChain.onModuleInit (before any module writes at bootstrap).
 */
export async function prepareKeyedData(app: INestApplicationContext): Promise<void> {
  await preparePersonalData(app);
}

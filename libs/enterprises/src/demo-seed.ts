import type { INestApplicationContext } from '@nestjs/common';
import { systemActor } from '#qcr/platform';
import { getDataSourceToken } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { bulkLoadEnterprises } from './bulk/bulk-load.js';
import { PersonalDataCipher } from './personal-data.js';
import { upsertCorrespondenceSeed, upsertReferenceData } from './reference-data.js';
import { ReferenceCache } from './reference-cache.js';

export const DEMO_ENTERPRISE_COUNT = 300;
export const DEMO_ENTERPRISE_SEED = 20_260_101;

/**
 * Reference data from seeds/ and a few hundred generated enterprises across regions and
 * industries (three with only an organisation code). Idempotent: fixed seed, codes skipped when present.
 */
export async function seedDemoEnterprises(app: INestApplicationContext): Promise<void> {
  const dataSource = app.get<DataSource>(getDataSourceToken());
  await upsertReferenceData(dataSource);
  await upsertCorrespondenceSeed(dataSource);
  app.get(ReferenceCache).invalidate();
  await bulkLoadEnterprises(dataSource, DEMO_ENTERPRISE_COUNT, {
    seed: DEMO_ENTERPRISE_SEED,
    cipher: app.get(PersonalDataCipher, { strict: false }),
    actor: systemActor('demo-seed'),
  });
}

// Public surface of the changes context (schema `changes`): the change feed partners are told through (issue 20).
export { ChangesModule } from './changes.module.js';
export { ChangesService } from './feed/changes.service.js';
export { ChangesRetention } from './feed/changes-retention.js';
export { ChangeSequencer, SEQUENCER_LOCK } from './outbox/change-sequencer.js';
export { ChangeProblems } from './changes.problems.js';
export type { ChangeEvent, ChangePage } from './feed/change.types.js';
export { signatureHeader, verifySignature } from './webhooks/signature.js';
export { WebhookWorker } from './webhooks/webhook-worker.js';
export { ExtractsService, type ExtractManifest } from './extracts/extracts.service.js';
import { Changes1765300000000 } from './migrations/1765300000000-changes.js';
import { Watchlists1765300001000 } from './migrations/1765300001000-watchlists.js';
import { Webhooks1765300002000 } from './migrations/1765300002000-webhooks.js';
import { SequencedEvents1765600000000 } from './migrations/1765600000000-sequenced-events.js';
import { BulkDeliveries1766400000000 } from './migrations/1766400000000-bulk-deliveries.js';
export const changesMigrations = [
  Changes1765300000000,
  Watchlists1765300001000,
  Webhooks1765300002000,
  SequencedEvents1765600000000,
  BulkDeliveries1766400000000,
];

import type { MigrationClass } from '../database/data-source.js';
import { RateLimitCounts1764960000000 } from './1764960000000-rate-limit-counts.js';

/** The platform's own tables (schema `platform`), apart from every bounded context. */
export const platformMigrations: MigrationClass[] = [RateLimitCounts1764960000000];

// Public surface of the statistics context (schema `statistics`, read-only views): 宏观质量统计分析.
export { StatisticsModule } from './statistics.module.js';
export { StatisticsService } from './statistics.service.js';
export { statTableToCsv } from './statistics-csv.js';
export type { StatColumn, StatTable } from './statistics.types.js';
import { Statistics1763700008000 } from './migrations/1763700008000-statistics.js';
import { StatisticsSuccessorRegions1764400001000 } from './migrations/1764400001000-statistics-successor-regions.js';
import { StatisticsAuthorities1765500003000 } from './migrations/1765500003000-statistics-authorities.js';
import { StatisticsInForce1765700000100 } from './migrations/1765700000100-statistics-in-force.js';
export const statisticsMigrations = [
  Statistics1763700008000,
  StatisticsSuccessorRegions1764400001000,
  StatisticsAuthorities1765500003000,
  StatisticsInForce1765700000100,
];

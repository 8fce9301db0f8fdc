import { ValidateBy } from 'class-validator';
import { isIsoDate } from '../time/china-date.js';

/**
 * A calendar date written YYYY-MM-DD (DOMAIN.md §10), nothing else. class-validator's
 * IsDateString accepts any ISO 8601 form — `2026`, `2026-05`, a week date — which then reached
 * PostgreSQL as `'2026'::date` and became a 500 (issue 13 §9).
 */
export function IsIsoDate(): PropertyDecorator {
  return ValidateBy({
    name: 'isIsoDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isIsoDate(value),
      defaultMessage: (args) => `${args?.property ?? 'value'} must be a calendar date YYYY-MM-DD`,
    },
  });
}

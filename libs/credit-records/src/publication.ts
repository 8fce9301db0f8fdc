import { addMonths, type IsoDate } from '#qcr/platform';

export interface PublicationRules {
  publicationMonths: number;
  repairMinMonths: number | null;
  repairMinMonthsStrict: number | null;
}

/** DOMAIN.md §5: default publication period per category (minor 3 months, general 1 year, serious 3 years). */
export function defaultPublishUntil(occurredOn: IsoDate, rules: PublicationRules): IsoDate {
  return addMonths(occurredOn, rules.publicationMonths);
}

/**
 * First day repair (信用修复) may be granted: after 6 months of publication,
 * 1 year for food, drugs and special equipment (`strict`). null: not repairable.
 */
export function repairAllowedFrom(occurredOn: IsoDate, rules: PublicationRules, strict: boolean): IsoDate | null {
  const months = strict ? (rules.repairMinMonthsStrict ?? rules.repairMinMonths) : rules.repairMinMonths;
  return months === null ? null : addMonths(occurredOn, months);
}

/** Shown to the public while within its publication period and neither repaired nor revoked. */
export function isPublished(status: string, publishUntil: IsoDate, today: IsoDate): boolean {
  return (status === 'active' || status === 'disputed') && today < publishUntil;
}

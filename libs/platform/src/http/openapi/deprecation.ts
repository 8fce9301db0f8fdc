import { applyDecorators, Header } from '@nestjs/common';
import { ApiExtension, ApiOperation } from '@nestjs/swagger';

export interface Deprecation {
  /** the day the operation was deprecated, YYYY-MM-DD */
  since: string;
  /** the day it stops answering, YYYY-MM-DD: at least 12 months after `since` (docs/partners.md §8) */
  sunset: string;
  /** the operation that replaces it, e.g. /api/v2/checks/{code} */
  successor: string;
}

/** Header values for a deprecated v1 operation: RFC 9745 Deprecation, RFC 8594 Sunset, a successor-version Link. */
export function deprecationHeaders(d: Deprecation): Record<'Deprecation' | 'Sunset' | 'Link', string> {
  const since = Date.parse(`${d.since}T00:00:00Z`);
  const sunset = Date.parse(`${d.sunset}T00:00:00Z`);
  if (Number.isNaN(since) || Number.isNaN(sunset)) throw new Error(`deprecation dates must be YYYY-MM-DD: ${d.since}, ${d.sunset}`);
  if (sunset < Date.parse(`${Number(d.since.slice(0, 4)) + 1}${d.since.slice(4)}T00:00:00Z`)) {
    throw new Error(`sunset ${d.sunset} is less than 12 months after ${d.since} (docs/partners.md §8)`);
  }
  return {
    Deprecation: `@${since / 1000}`,
    Sunset: new Date(sunset).toUTCString(),
    Link: `<${d.successor}>; rel="successor-version"`,
  };
}

/**
 * Marks a v1 operation replaced by a v2 one (the versioning policy in docs/partners.md): every answer
 * carries the three headers, and the document marks it deprecated and names the dates.
 */
export const DeprecatedRoute = (d: Deprecation) => {
  const headers = deprecationHeaders(d);
  return applyDecorators(
    ...Object.entries(headers).map(([name, value]) => Header(name, value)),
    ApiOperation({ deprecated: true }),
    ApiExtension('x-sunset', d.sunset),
  );
};

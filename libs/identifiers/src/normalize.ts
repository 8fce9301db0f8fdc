// Hyphen-like characters seen in pasted codes: ASCII, full-width (after folding), U+2010–2015, minus sign.
const HYPHENS = /[-\u2010-\u2015\u2212]/g;

/** Full-width ASCII (U+FF01–FF5E) → half-width; ideographic space → space. */
function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) => (c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/**
 * The form every code is validated and stored in: full-width → half-width,
 * upper-case, hyphens dropped (`77604965-3` → `776049653`), whitespace trimmed.
 * Idempotent: normalizeCode(normalizeCode(x)) === normalizeCode(x).
 */
export function normalizeCode(raw: string): string {
  return toHalfWidth(String(raw ?? ''))
    .toUpperCase()
    .replace(HYPHENS, '')
    .trim();
}

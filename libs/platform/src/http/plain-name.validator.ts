import { ValidateBy } from 'class-validator';

// Bidi embeddings/overrides/isolates (U+202A–U+202E, U+2066–U+2069), LRM/RLM (U+200E/F) and
// zero-width characters (U+200B–U+200D, U+2060, U+FEFF): invisible, they make one name display
// as another ("…公司\u202E" reversed, "恒达\u200B食品" ≠ "恒达食品") — issue 13 §10.
export const INVISIBLE_FORMATTING = /[\u200B-\u200F\u202A-\u202E\u2060\u2066-\u2069\uFEFF]/;

/** A name as people read it: no bidi controls or zero-width characters. */
export function IsPlainName(): PropertyDecorator {
  return ValidateBy({
    name: 'plainName',
    validator: {
      validate: (value: unknown) => typeof value !== 'string' || !INVISIBLE_FORMATTING.test(value),
      defaultMessage: (args) => `${args?.property ?? 'value'} must not contain bidi control or zero-width characters`,
    },
  });
}

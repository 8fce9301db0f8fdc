/** GB 32100-2015: the 31 characters a USCC may use (no I, O, S, V, Z); a character's value is its index. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 §5: weight of position i (1-based, 1–17) is 3^(i-1) mod 31. */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** GB 11714-1997: body characters 0-9A-Z carry values 0–35. */
export const ORG_BODY_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** GB 11714-1997: weights of the eight body positions. */
export const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

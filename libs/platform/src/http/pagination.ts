import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { isIsoDate } from '../time/china-date.js';
import { CommonProblems, ProblemException } from './problem.js';

/** What each part of a cursor's sort key must be; checked on the way in (issue 13 §9). */
export type CursorPart = 'uuid' | 'int' | 'text' | 'date';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT = /^-?\d{1,19}$/;

const partOk: Record<CursorPart, (v: unknown) => boolean> = {
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  int: (v) => (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && INT.test(v)),
  text: (v) => typeof v === 'string' && v.length <= 1000,
  date: (v) => typeof v === 'string' && isIsoDate(v),
};

// Cursors are sealed (AES-256-GCM), so a client sees neither the sort key nor the row ids in it
// (public search would otherwise hand out internal UUIDs) and cannot forge one. The key follows
// QCR_JWT_SECRET (setCursorSecret at start-up); without it, cursors last as long as the process.
let key = randomBytes(32);

export function setCursorSecret(secret: string | undefined): void {
  if (secret) key = createHash('sha256').update(`qcr-cursor:${secret}`).digest();
}

export function encodeCursor(sortKey: unknown[]): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(sortKey), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

function unseal(cursor: string): unknown {
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length < 29) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
}

/** The sort key of a cursor this API issued, each part of the expected kind; otherwise 400 naming `cursor`. */
export function decodeCursor(cursor: string | undefined, parts: readonly CursorPart[]): unknown[] | undefined {
  if (!cursor) return undefined;
  try {
    const sortKey = unseal(cursor);
    if (Array.isArray(sortKey) && sortKey.length === parts.length && parts.every((kind, i) => partOk[kind](sortKey[i]))) return sortKey as unknown[];
  } catch {
    /* tampered, truncated or from another key: the problem below */
  }
  throw new ProblemException(CommonProblems.validation, 'cursor is not one this API issued', [
    { field: 'cursor', rule: 'cursor', message: 'cursor is not one this API issued (or it has expired with a restart)' },
  ]);
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

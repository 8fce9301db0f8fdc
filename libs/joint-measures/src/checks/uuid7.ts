import { randomFillSync } from 'node:crypto';

// Random bits come from a CSPRNG block refilled when used up (one randomBytes call per id cost more than the rest).
const pool = Buffer.alloc(16 * 1024);
let at = pool.length;

/** RFC 9562 UUIDv7: 48-bit Unix milliseconds then random bits, so receipt ids sort by time and append to the index. */
export function uuidv7(now = Date.now()): string {
  if (at >= pool.length) {
    randomFillSync(pool);
    at = 0;
  }
  const b = Buffer.from(pool.subarray(at, at + 16));
  at += 16;
  b.writeUIntBE(now, 0, 6);
  b.writeUInt8((b.readUInt8(6) & 0x0f) | 0x70, 6); // version 7
  b.writeUInt8((b.readUInt8(8) & 0x3f) | 0x80, 8); // variant 10
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

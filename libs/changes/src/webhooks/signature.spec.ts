import { signatureHeader, verifySignature } from './signature.js';

describe('webhook signature (HMAC-SHA256 over timestamp.body)', () => {
  const body = JSON.stringify({ cursor: '42', verdicts: { government_procurement: { before: 'clear', after: 'restricted' } } });
  const now = 1_800_000_000;

  it.each([
    ['the exact body, current secret', 's1', body, now, true],
    ['a tampered body', 's1', body.replace('restricted', 'clear'), now, false],
    ['a wrong secret', 'other', body, now, false],
    ['a replay 301 s later', 's1', body, now + 301, false],
    ['the previous secret during rotation', 's0', body, now, true],
  ])('%s → %s', (_what, secret, received, at, ok) => {
    const header = signatureHeader(['s1', 's0'], now, body);
    expect(verifySignature(secret, header, received, at)).toBe(ok);
  });

  it('refuses a header without timestamp or signature', () => {
    expect(verifySignature('s1', 'v1=abc', body, now)).toBe(false);
    expect(verifySignature('s1', `t=${now}`, body, now)).toBe(false);
  });
});

import { hashApiKey, sameHash } from './secrets.js';

describe('API key hashes', () => {
  // Stored key hashes are lower-case hex SHA-256 of the whole key (access.api_keys.key_hash): a change of hash
  // function or encoding would lock out every issued key. Known answer from `printf '%s' KEY | sha256sum`.
  it('is the hex SHA-256 of the key, as stored for every issued key', () => {
    const key = 'qcr_abcdefgh_0123456789abcdef0123456789abcdef';
    expect(hashApiKey(key)).toBe('164fe8f69979bcadb4469ec31cedc9b5c92e7e48d9ab3f74e971b44252f44804');
    expect(sameHash(hashApiKey(key), '164fe8f69979bcadb4469ec31cedc9b5c92e7e48d9ab3f74e971b44252f44804')).toBe(true);
    expect(sameHash(hashApiKey(`${key}x`), hashApiKey(key))).toBe(false);
  });
});

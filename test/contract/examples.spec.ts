import { parseEnterpriseCode } from '#qcr/identifiers';
import { EXAMPLE_ORG_CODE, EXAMPLE_USCC, exampleFor } from './examples.js';

// What /docs shows a partner must be a code the registry accepts (GB 32100-2015, GB 11714-1997).
describe('response examples', () => {
  it.each([EXAMPLE_USCC, EXAMPLE_ORG_CODE])('%s passes its check digits', (code) => {
    expect(parseEnterpriseCode(code).ok).toBe(true);
  });

  it('gives an example only where the type and the enum agree', () => {
    expect(exampleFor('name', { type: 'string' })).toBe('福州闽江建材有限公司');
    expect(exampleFor('name', { type: 'number' })).toBeUndefined();
    expect(exampleFor('purpose', { type: 'string', enum: ['financing'] })).toBeUndefined();
    expect(exampleFor('unknownThing', { type: 'string' })).toBeUndefined();
  });
});

import { parsePersonDocument, parseResidentId, personDigestInput, residentIdCheckChar } from './person-document.js';

const TODAY = '2026-12-02';

describe('GB 11643-1999 resident ID numbers', () => {
  it.each([
    ['11010519491231002X', 'X'], // the standard's own example: check value 10 → X
    ['440305199006071186', '6'],
    ['350203198203157312', '2'],
  ])('%s has check character %s', (id, check) => {
    expect(residentIdCheckChar(id)).toBe(check);
    expect(parseResidentId(id, TODAY)).toEqual({ ok: true, type: 'resident_id', number: id });
  });

  it.each([
    ['length: 17 characters', '35020319820315731', 'length'],
    ['length: the 15-digit first generation', '350203820315731', 'length'],
    ['alphabet: a letter in the body', '3502031982031573A2', 'alphabet'],
    ['alphabet: a check character other than a digit or X', '35020319820315731Y', 'alphabet'],
    ['birth_date: 30 February', '350203198202307312', 'birth_date'],
    ['birth_date: month 13', '350203198213157312', 'birth_date'],
    ['birth_date: born tomorrow', '350203202612037312', 'birth_date'],
    ['birth_date: before 1900', '350203189912317312', 'birth_date'],
    ['id_check: one off', '350203198203157313', 'id_check'],
    ['id_check: X where a digit belongs', '35020319820315731X', 'id_check'],
  ])('%s', (_label, id, rule) => {
    const parsed = parseResidentId(id, TODAY);
    expect(parsed).toMatchObject({ ok: false, rule });
    // the message never repeats the number (personal data must not reach an error detail)
    if (!parsed.ok) expect(parsed.message).not.toContain(id);
  });

  it('normalises full-width digits, a lower-case x and spaces', () => {
    expect(parseResidentId(' １１０１０５１９４９１２３１００２x ', TODAY)).toEqual({ ok: true, type: 'resident_id', number: '11010519491231002X' });
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseResidentId('110108196802295533', TODAY).ok).toBe(true);
    expect(parseResidentId(`11010819690229${'553'}${residentIdCheckChar('11010819690229553')}`, TODAY)).toMatchObject({ rule: 'birth_date' });
  });
});

describe('other identity documents', () => {
  it.each([
    ['passport', 'E12345678', true],
    ['passport', 'e1234', true],
    ['passport', 'E1', false],
    ['hk_macau_permit', 'H12345678', true],
    ['hk_macau_permit', 'M1234567890', true],
    ['hk_macau_permit', 'X12345678', false],
    ['taiwan_permit', '12345678', true],
    ['taiwan_permit', '1234567', false],
  ])('%s %s → %s', (type, number, ok) => {
    expect(parsePersonDocument(type, number, TODAY).ok).toBe(ok);
  });

  it('refuses an unknown document type instead of missing silently', () => {
    expect(parsePersonDocument('driving_licence', '350203198203157312', TODAY)).toMatchObject({ ok: false, rule: 'document_type' });
  });

  it('digests a resident ID as the bare number (as legal representatives always were) and others with their type', () => {
    expect(personDigestInput('resident_id', '350203198203157312')).toBe('350203198203157312');
    expect(personDigestInput('passport', 'E12345678')).toBe('passport:E12345678');
  });
});

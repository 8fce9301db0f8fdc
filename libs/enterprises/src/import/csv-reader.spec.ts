import { type CsvRecord, CsvReader } from './csv-reader.js';

/** Feeds the text in chunks of `size` characters (every split point matters to a streaming reader). */
function read(text: string, size = text.length): CsvRecord[] {
  const reader = new CsvReader();
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) reader.push(text.slice(i, i + size), out);
  return reader.end(out);
}

describe('CsvReader', () => {
  it.each([
    [
      'plain LF',
      'h1,h2\na,b\n',
      [
        { line: 1, cells: ['h1', 'h2'] },
        { line: 2, cells: ['a', 'b'] },
      ],
    ],
    [
      'CRLF, no final break',
      'h\r\na,b',
      [
        { line: 1, cells: ['h'] },
        { line: 2, cells: ['a', 'b'] },
      ],
    ],
    [
      'empty lines skipped, still counted',
      'h\n\n\r\na\n',
      [
        { line: 1, cells: ['h'] },
        { line: 4, cells: ['a'] },
      ],
    ],
    ['quoted comma and escaped quote', 'x,"a, ""b""",c\n', [{ line: 1, cells: ['x', 'a, "b"', 'c'] }]],
    [
      'quoted line break: the record keeps its first line',
      '"a\nb",c\nd\n',
      [
        { line: 1, cells: ['a\nb', 'c'] },
        { line: 3, cells: ['d'] },
      ],
    ],
    [
      'empty quoted field at the end (CRLF)',
      'a,""\r\nb\r\n',
      [
        { line: 1, cells: ['a', ''] },
        { line: 2, cells: ['b'] },
      ],
    ],
    [
      'varying column counts',
      'a\nb,c,d\n',
      [
        { line: 1, cells: ['a'] },
        { line: 2, cells: ['b', 'c', 'd'] },
      ],
    ],
  ])('%s', (_name, text, expected) => {
    for (const size of [text.length, 1, 2, 3, 5]) expect(read(text, size)).toEqual(expected);
  });

  it.each([
    ['a quote inside an unquoted field', 'a,b"c,d\nok\n', 1],
    ['text after a closing quote', '"a"b,c\nok\n', 1],
  ])('reports %s for its line and goes on', (_name, text, line) => {
    for (const size of [text.length, 1, 4]) {
      const out = read(text, size);
      const someMessage: unknown = expect.any(String); // asymmetric matchers are typed `any`: held as unknown
      expect(out[0]).toMatchObject({ line, error: someMessage });
      expect(out[1]).toEqual({ line: line + 1, cells: ['ok'] });
    }
  });

  it('reports a quote left open at the end of the file for its line, and reads on from the next line', () => {
    const quoteNotClosed: unknown = expect.stringMatching(/quote not closed/);
    expect(read('a\n"b,c\nd')).toEqual([
      { line: 1, cells: ['a'] },
      { line: 2, error: quoteNotClosed },
      { line: 3, cells: ['d'] },
    ]);
  });
});

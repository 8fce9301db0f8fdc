/**
 * A small RFC 4180 reader for the import (comma-separated, `"` quoting, `""` escape, CRLF or LF),
 * tuned for the common case: a line without any quote is split with String#split. It counts
 * physical lines itself, so every record carries the line it starts on (1-based, header = 1),
 * multi-line quoted fields included. Empty lines are skipped. A malformed record (a quote inside
 * an unquoted field, text after a closing quote, a quote left open at the end of the file) is
 * returned as an error for its line and never stops the records after it.
 */
export type CsvRecord = { line: number; cells: string[]; error?: undefined } | { line: number; error: string; cells?: undefined };

export class CsvReader {
  private buf = '';
  private line = 1;

  /** Feeds decoded text; returns the records completed by it. */
  push(chunk: string, out: CsvRecord[] = []): CsvRecord[] {
    this.buf = this.buf.length ? this.buf + chunk : chunk;
    this.drain(out, false);
    return out;
  }

  /** End of input: the last record may lack its line break. */
  end(out: CsvRecord[] = []): CsvRecord[] {
    this.drain(out, true);
    return out;
  }

  private drain(out: CsvRecord[], final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = 0;
    let quote = buf.indexOf('"');
    while (pos < len) {
      let nl = buf.indexOf('\n', pos);
      if (nl < 0) {
        if (!final) break;
        nl = len;
      }
      if (quote < 0 || quote > nl) {
        // fast path: one physical line, no quotes
        const end = nl > pos && buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
        if (end > pos) out.push({ line: this.line, cells: buf.slice(pos, end).split(',') });
        this.line++;
        pos = nl + 1;
        continue;
      }
      const parsed = this.quoted(buf, pos, final);
      if (!parsed) break; // an open quote: wait for more text
      out.push(parsed.record);
      pos = parsed.next;
      quote = buf.indexOf('"', pos);
    }
    this.buf = pos >= len ? '' : buf.slice(pos);
  }

  /** Parses one record that contains quotes, starting at `start`; null when it needs more text. */
  private quoted(buf: string, start: number, final: boolean): { record: CsvRecord; next: number } | null {
    const len = buf.length;
    const line = this.line;
    const cells: string[] = [];
    let lines = 0;
    let i = start;
    const fail = (message: string) => {
      // skip to the end of the physical line the error is on
      const nl = buf.indexOf('\n', i);
      if (nl < 0 && !final) return null;
      this.line += lines + 1;
      return { record: { line, error: message } as CsvRecord, next: nl < 0 ? len : nl + 1 };
    };
    for (;;) {
      if (buf.charCodeAt(i) === 34) {
        // quoted field
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = buf.indexOf('"', from);
          if (q < 0) {
            if (!final) return null;
            return fail(`quote not closed (field starting on line ${line + lines})`);
          }
          value += buf.slice(from, q);
          if (buf.charCodeAt(q + 1) === 34) {
            value += '"';
            from = q + 2;
            continue;
          }
          if (q + 1 >= len && !final) return null;
          for (let k = buf.indexOf('\n', from); k >= 0 && k < q; k = buf.indexOf('\n', k + 1)) lines++;
          i = q + 1;
          break;
        }
        cells.push(value);
        const c = buf.charCodeAt(i);
        if (c === 44) {
          i++;
          continue;
        }
        if (i >= len || c === 10 || (c === 13 && buf.charCodeAt(i + 1) === 10) || (c === 13 && i + 1 >= len)) {
          if (i >= len && !final) return null;
          if (c === 13 && i + 1 >= len && !final) return null;
          this.line += lines + 1;
          return { record: { line, cells }, next: i >= len ? len : c === 13 ? i + 2 : i + 1 };
        }
        return fail(`unexpected character after a closing quote on line ${line + lines}`);
      }
      // unquoted field: up to the next comma or line break
      let j = i;
      while (j < len) {
        const c = buf.charCodeAt(j);
        if (c === 44 || c === 10) break;
        if (c === 34) {
          i = j;
          return fail(`a quote inside an unquoted field on line ${line + lines}`);
        }
        j++;
      }
      if (j >= len && !final) return null;
      const end = (j >= len || buf.charCodeAt(j) === 10) && j > i && buf.charCodeAt(j - 1) === 13 ? j - 1 : j;
      cells.push(buf.slice(i, end));
      if (j < len && buf.charCodeAt(j) === 44) {
        i = j + 1;
        continue;
      }
      this.line += lines + 1;
      return { record: { line, cells }, next: j >= len ? len : j + 1 };
    }
  }
}

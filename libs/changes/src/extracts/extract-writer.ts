import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip, type Gzip } from 'node:zlib';

export interface WrittenFile {
  name: string;
  bytes: number;
  rows: number;
  sha256: string;
}

/**
 * A gzip file written row by row with back-pressure, hashed as it is written (the manifest's SHA-256 is of the
 * bytes a partner downloads), so an extract of a million enterprises never sits in memory.
 */
export class GzipFile {
  private readonly gzip: Gzip = createGzip({ level: 6 });
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private rows = 0;
  private readonly done: Promise<unknown>;

  constructor(
    private readonly path: string,
    readonly name: string,
    header?: string,
  ) {
    const out = createWriteStream(path);
    this.gzip.on('data', (chunk: Buffer) => {
      this.hash.update(chunk);
      this.bytes += chunk.length;
    });
    this.gzip.pipe(out);
    this.done = once(out, 'finish');
    if (header) this.gzip.write(header);
  }

  async write(line: string): Promise<void> {
    this.rows++;
    if (!this.gzip.write(line)) await once(this.gzip, 'drain');
  }

  async close(): Promise<WrittenFile> {
    this.gzip.end();
    await this.done;
    return { name: this.name, bytes: this.bytes, rows: this.rows, sha256: this.hash.digest('hex') };
  }
}

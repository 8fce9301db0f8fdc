import { problem } from '#qcr/platform';
import { EnterpriseProblems } from '../enterprises.problems.js';

/**
 * Bytes → text, streaming. UTF-8 (with or without BOM) is expected; when the first
 * chunk is not valid UTF-8 it is taken for GBK (what older provincial systems export)
 * and decoded as such. A file that is neither is rejected with a clear message.
 */
export async function* decodeCsvBytes(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (!decoder) {
      decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
      } catch {
        decoder = new TextDecoder('gbk', { fatal: true });
      }
    }
    try {
      yield decoder.decode(bytes, { stream: true });
    } catch {
      throw problem(
        EnterpriseProblems.importEncoding,
        `the file is not valid ${decoder.encoding === 'utf-8' ? 'UTF-8' : 'GBK'} text; save it as UTF-8 (CSV UTF-8) and retry`,
      );
    }
  }
  if (decoder) {
    const rest = decoder.decode();
    if (rest) yield rest;
  }
}

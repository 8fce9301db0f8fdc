/**
 * Bytes → text, streaming. UTF-8 (with or without BOM) is expected; when the first chunk is not
 * valid UTF-8 it is taken for GBK (what older provincial systems export). A file that is neither
 * makes `onInvalid` throw (the caller's problem, with a clear message).
 */
export async function* decodeCsvText(source: AsyncIterable<Buffer | string>, onInvalid: (encoding: string) => Error): AsyncGenerator<string> {
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    if (!decoder) {
      decoder = new TextDecoder('utf-8', { fatal: true });
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
      } catch {
        decoder = new TextDecoder('gbk', { fatal: true });
      }
    }
    try {
      yield decoder.decode(bytes, { stream: true });
    } catch {
      throw onInvalid(decoder.encoding === 'utf-8' ? 'UTF-8' : 'GBK');
    }
  }
  if (decoder) {
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      throw onInvalid(decoder.encoding === 'utf-8' ? 'UTF-8' : 'GBK');
    }
    if (rest) yield rest;
  }
}

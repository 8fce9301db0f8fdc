import { decodeTextStream, problem } from '#qcr/platform';
import { EnterpriseProblems } from '../enterprises.problems.js';

/**
 * Bytes → text, streaming, through the platform's table reader (one reader for imports and the supplier
 * check, issue 17): UTF-8 with or without BOM, else GBK/GB18030 (what older provincial systems export).
 * A file that is neither is rejected with a clear message.
 */
export function decodeCsvBytes(source: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  return decodeTextStream(source, (encoding) =>
    problem(EnterpriseProblems.importEncoding, `the file is not valid ${encoding} text; save it as UTF-8 (CSV UTF-8) and retry`),
  );
}

// Types for codes.js (plain browser JS), for the TypeScript spec that checks it against #qcr/identifiers.
export function normalizeCode(raw: string): string;
export function checkCode(
  raw: string,
):
  | { ok: true; kind: 'uscc' | 'org' }
  | { ok: false; rule: 'length' | 'alphabet' | 'uscc_check' | 'org_check'; position?: number; expected?: string; given?: string };

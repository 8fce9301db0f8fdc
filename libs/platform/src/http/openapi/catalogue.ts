/** The shape of responses.generated.ts (written by test/contract/generate.ts). */
export interface ResponseCatalogue {
  schemas: Record<string, Record<string, unknown>>;
  operations: Record<string, { status: number; schema?: Record<string, unknown>; text?: boolean; media?: string[] }>;
}

import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema.js';

/**
 * The typed partner client (issue 19): openapi-fetch over the types openapi-typescript generates
 * from the committed openapi.json (clients/registry/schema.ts, `npm run client`). Every path, query
 * parameter, body and answer is checked by the compiler against the contract partners get.
 */
export type RegistryClient = Client<paths>;
export type CheckResult = components['schemas']['CheckResult'];
export type BatchResult = components['schemas']['BatchResult'];
export type Receipt = components['schemas']['ReceiptRow'];
export type Problem = components['schemas']['Problem'];

export interface RegistryClientOptions {
  /** e.g. https://qcr.example.gov.cn */
  baseUrl: string;
  /** a partner agency key (X-API-Key) */
  apiKey?: string;
  /** or a staff bearer token from POST /api/v1/auth/login */
  accessToken?: string;
  /** zh (default) or en problem titles */
  language?: 'zh' | 'en';
  fetch?: typeof globalThis.fetch;
}

export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const headers: Record<string, string> = { 'Accept-Language': options.language ?? 'zh' };
  if (options.apiKey) headers['X-API-Key'] = options.apiKey;
  if (options.accessToken) headers.Authorization = `Bearer ${options.accessToken}`;
  return createClient<paths>({ baseUrl: options.baseUrl.replace(/\/$/, ''), headers, ...(options.fetch ? { fetch: options.fetch } : {}) });
}

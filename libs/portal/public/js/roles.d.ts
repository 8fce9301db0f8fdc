// Types for roles.js (plain browser JS), for the TypeScript spec that checks it against libs/access.
export const ROLE_PERMISSIONS: Record<string, string[] | 'all'>;
export function can(roles: string[] | undefined, permission: string): boolean;

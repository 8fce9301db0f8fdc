import { systemActor } from '#qcr/platform';
import type { Role } from '../roles.js';
import type { UsersService } from '../users.service.js';
import type { AuthoritiesService } from './authorities.service.js';
import type { AuthorityInput } from './authority.types.js';

/** The demo regions at three levels under the national authority (created by the migration, code `samr`). */
export const DEMO_AUTHORITIES: AuthorityInput[] = [
  { code: 'fj', name: '福建省市场监督管理局', level: 'provincial', regionCode: '350000', parent: 'samr' },
  { code: 'fj-xm', name: '厦门市市场监督管理局', level: 'prefecture', regionCode: '350200', parent: 'fj' },
  { code: 'fj-fz', name: '福州市市场监督管理局', level: 'prefecture', regionCode: '350100', parent: 'fj' },
  { code: 'fj-xm-sm', name: '厦门市思明区市场监督管理局', level: 'county', regionCode: '350203', parent: 'fj-xm' },
];

/** Regional demo users (README "Demo users"): each acts for one demo authority. */
export const DEMO_REGIONAL_USERS: { username: string; authority: string; roles: Role[]; displayName: string }[] = [
  { username: 'fj.officer', authority: 'fj', roles: ['officer'], displayName: '福建省局认定人员 / Fujian officer' },
  { username: 'fj.reviewer', authority: 'fj', roles: ['reviewer'], displayName: '福建省局审核人 / Fujian reviewer' },
  { username: 'xm.registrar', authority: 'fj-xm', roles: ['registrar'], displayName: '厦门市局信息录入员 / Xiamen registrar' },
  { username: 'xm.officer', authority: 'fj-xm', roles: ['officer'], displayName: '厦门市局认定人员 / Xiamen officer' },
  { username: 'xm.reviewer', authority: 'fj-xm', roles: ['reviewer'], displayName: '厦门市局审核人 / Xiamen reviewer' },
  { username: 'fz.officer', authority: 'fj-fz', roles: ['officer'], displayName: '福州市局认定人员 / Fuzhou officer' },
  { username: 'fz.reviewer', authority: 'fj-fz', roles: ['reviewer'], displayName: '福州市局审核人 / Fuzhou reviewer' },
  { username: 'sm.officer', authority: 'fj-xm-sm', roles: ['officer'], displayName: '思明区局认定人员 / Siming officer' },
  { username: 'sm.reviewer', authority: 'fj-xm-sm', roles: ['reviewer'], displayName: '思明区局审核人 / Siming reviewer' },
];

/** Idempotent: authorities by code, users by name (an existing user gets the current demo password). */
export async function seedDemoAuthorities(authorities: AuthoritiesService, users: UsersService, password: string): Promise<void> {
  const actor = systemActor('demo-seed');
  for (const a of DEMO_AUTHORITIES) await authorities.upsert(actor, a);
  for (const u of DEMO_REGIONAL_USERS) {
    if (!(await users.findByUsername(u.username))) {
      await users.create(actor, { username: u.username, displayName: u.displayName, password, roles: u.roles, authority: u.authority });
    } else if (!(await users.authenticate(u.username, password))) {
      await users.setPassword(actor, u.username, password);
    }
  }
}

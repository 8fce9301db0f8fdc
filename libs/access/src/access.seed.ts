import { systemActor } from '#qcr/platform';
import type { AgenciesService } from './agencies.service.js';
import { ROLE_LABELS, ROLES } from './roles.js';
import type { UsersService } from './users.service.js';

export interface DemoAccess {
  password: string;
  apiKey: string;
  agencyCode: string;
}

export const DEMO_AGENCY_CODE = 'demo-procurement';

/**
 * One user per role, named after the role, and one partner agency with a key.
 * Idempotent: existing users get the (possibly new) demo password; the key is
 * only issued when the agency has none that still works with it.
 */
/** The demo's second reviewer (username). */
export const SECOND_REVIEWER = 'reviewer2';

export async function seedDemoAccess(users: UsersService, agencies: AgenciesService, demo: DemoAccess): Promise<void> {
  const actor = systemActor('demo-seed');
  for (const role of ROLES) {
    const existing = await users.findByUsername(role);
    if (existing) {
      const stillWorks = await users.authenticate(role, demo.password);
      if (!stillWorks) await users.setPassword(actor, role, demo.password);
    } else {
      await users.create(actor, {
        username: role,
        displayName: `演示${ROLE_LABELS[role].zh} / demo ${ROLE_LABELS[role].en}`,
        password: demo.password,
        roles: [role],
      });
    }
  }
  // A second reviewer: revocations and other two-person decisions need two (issue 13 §6).
  if (!(await users.findByUsername(SECOND_REVIEWER))) {
    await users.create(actor, { username: SECOND_REVIEWER, displayName: '演示审核人二 / demo second reviewer', password: demo.password, roles: ['reviewer'] });
  } else if (!(await users.authenticate(SECOND_REVIEWER, demo.password))) {
    await users.setPassword(actor, SECOND_REVIEWER, demo.password);
  }
  let agency = await agencies.findByCode(demo.agencyCode);
  agency ??= await agencies.create(actor, {
    code: demo.agencyCode,
    name: '演示政府采购中心 / Demo government procurement centre',
    department: '财政局 / Finance Bureau',
    purposes: ['government_procurement', 'public_bidding', 'honours', 'subsidies'],
  });
  if (!(await agencies.authenticateKey(demo.apiKey))) {
    await agencies.issueKey(actor, agency.id, { label: 'demo key', validDays: 730 }, demo.apiKey);
  }
}

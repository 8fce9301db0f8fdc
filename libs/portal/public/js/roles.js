// Mirror of libs/access/src/roles.ts (ROLE_PERMISSIONS): the portal shows only the actions a
// role may take. The server still decides; libs/portal/src/roles-mirror.spec.ts fails when the
// two tables drift apart.
const staffRead = ['enterprise.read', 'credit.read', 'grade.read', 'listing.read', 'check.run', 'statistics.read'];

export const ROLE_PERMISSIONS = {
  registrar: [...staffRead, 'enterprise.write', 'enterprise.import', 'personal-data.read', 'credit.write'],
  grader: [...staffRead, 'grade.run', 'grade.override.propose', 'inspection.plan'],
  officer: [...staffRead, 'listing.propose', 'personal-data.read', 'person.read'],
  reviewer: [...staffRead, 'credit.review', 'grade.override.approve', 'listing.decide', 'check.stats.read', 'person.read'],
  auditor: [...staffRead, 'audit.read', 'check.stats.read', 'person.read'],
  // User management is not a business role (issue 13 §6): no propose, decide, approve, personal data or audit.
  admin: [...staffRead, 'user.manage', 'agency.manage', 'grade.model.manage', 'grade.run', 'measure.manage', 'credit.catalogue.manage', 'listing.types.manage',
    'enterprise.write', 'enterprise.register-exception', 'metrics.read'],
};

export function can(roles, permission) {
  return (roles ?? []).some((r) => ROLE_PERMISSIONS[r] === 'all' || ROLE_PERMISSIONS[r]?.includes(permission));
}

import { Permission, type PermissionName } from '#qcr/platform';

export const ROLES = ['registrar', 'grader', 'officer', 'reviewer', 'auditor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  registrar: { zh: '信息录入员', en: 'Registrar' },
  grader: { zh: '评价员', en: 'Grader' },
  officer: { zh: '认定人员', en: 'Blacklist officer' },
  reviewer: { zh: '审核人', en: 'Reviewer' },
  auditor: { zh: '审计', en: 'Auditor' },
  admin: { zh: '管理员', en: 'Administrator' },
};

const P = Permission;
const staffRead: PermissionName[] = [P.EnterpriseRead, P.CreditRead, P.GradeRead, P.ListingRead, P.CheckRun, P.StatisticsRead];

/** The one table of who may do what (DOMAIN.md §2). Four-eyes checks live in the services. */
export const ROLE_PERMISSIONS: Record<Role, readonly PermissionName[]> = {
  registrar: [...staffRead, P.EnterpriseWrite, P.EnterpriseImport, P.PersonalDataRead, P.CreditWrite],
  grader: [...staffRead, P.GradeRun, P.GradeOverridePropose, P.InspectionPlan],
  officer: [...staffRead, P.ListingPropose, P.PersonalDataRead, P.PersonRead],
  reviewer: [...staffRead, P.CreditReview, P.GradeOverrideApprove, P.ListingDecide, P.CheckStatsRead, P.PersonRead],
  auditor: [...staffRead, P.AuditRead, P.CheckStatsRead, P.PersonRead],
  // User management is not a business role (issue 13 §6): the administrator manages users, agencies, keys, the
  // grading model and the catalogues, and may register a documented code exception (DOMAIN.md §3) — but proposes,
  // decides, approves and resolves nothing, and reads neither personal data nor the audit log it could be judged by.
  admin: [
    ...staffRead,
    P.UserManage,
    P.AgencyManage,
    P.GradeModelManage,
    P.GradeRun,
    P.MeasureManage,
    P.CreditCatalogueManage,
    P.ListTypeManage,
    P.EnterpriseWrite,
    P.EnterpriseRegisterException,
    P.MetricsRead,
  ],
};

export function rolesGrant(roles: readonly string[], permission: PermissionName): boolean {
  return roles.some((r) => (ROLE_PERMISSIONS as Record<string, readonly PermissionName[]>)[r]?.includes(permission));
}

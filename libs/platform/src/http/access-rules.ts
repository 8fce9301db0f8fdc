import { createParamDecorator, type ExecutionContext, SetMetadata, applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor } from './actor.js';

/**
 * Named permissions. Which role holds which lives in libs/access (one table);
 * controllers only say what they require.
 */
export const Permission = {
  EnterpriseRead: 'enterprise.read',
  EnterpriseWrite: 'enterprise.write',
  EnterpriseImport: 'enterprise.import',
  EnterpriseRegisterException: 'enterprise.register-exception',
  PersonalDataRead: 'personal-data.read',
  /** responsible persons: their page, roles and the listings naming them (issue 18; every view audited) */
  PersonRead: 'person.read',
  CreditRead: 'credit.read',
  CreditWrite: 'credit.write',
  CreditReview: 'credit.review',
  CreditCatalogueManage: 'credit.catalogue.manage',
  GradeRead: 'grade.read',
  GradeRun: 'grade.run',
  GradeOverridePropose: 'grade.override.propose',
  GradeOverrideApprove: 'grade.override.approve',
  GradeModelManage: 'grade.model.manage',
  InspectionPlan: 'inspection.plan',
  ListingRead: 'listing.read',
  ListingPropose: 'listing.propose',
  ListingDecide: 'listing.decide',
  ListTypeManage: 'listing.types.manage',
  MeasureManage: 'measure.manage',
  CheckRun: 'check.run',
  CheckStatsRead: 'check.stats.read',
  StatisticsRead: 'statistics.read',
  AuditRead: 'audit.read',
  MetricsRead: 'metrics.read',
  UserManage: 'user.manage',
  AgencyManage: 'agency.manage',
} as const;
export type PermissionName = (typeof Permission)[keyof typeof Permission];

export const ACCESS_RULE = 'qcr:access-rule';
export type AccessRule = { kind: 'public' } | { kind: 'staff'; permission: PermissionName; partner: boolean } | { kind: 'authenticated' };

/** Anyone, no credentials. The public sees no personal data. */
export const Public = () => applyDecorators(SetMetadata(ACCESS_RULE, { kind: 'public' } satisfies AccessRule), ApiExtension('x-access', { kind: 'public' }));

const authResponses = [
  ApiUnauthorizedResponse({ description: 'AUTH.UNAUTHENTICATED / AUTH.BAD_API_KEY (problem+json)' }),
  ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN / AUTH.PURPOSE_NOT_ALLOWED (problem+json)' }),
];

/** Any signed-in staff user (e.g. "who am I"). */
export const Authenticated = () =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'authenticated' } satisfies AccessRule),
    ApiExtension('x-access', { kind: 'authenticated' }),
    ApiBearerAuth(),
    ...authResponses,
  );

/**
 * Staff holding the permission; with `partner: true` also partner API keys
 * (the purpose is checked against the key's agency where the route has one).
 */
export const Allow = (permission: PermissionName, opts: { partner?: boolean } = {}) =>
  applyDecorators(
    SetMetadata(ACCESS_RULE, { kind: 'staff', permission, partner: !!opts.partner } satisfies AccessRule),
    ApiExtension('x-access', { kind: 'staff', permission, partner: !!opts.partner }),
    ApiBearerAuth(),
    ...authResponses,
    ...(opts.partner ? [ApiSecurity('api-key')] : []),
  );

/** The caller the guard verified, or the anonymous caller of a public route. */
export function actorOf(req: { user?: Actor; id?: string; correlationId?: string }): Actor {
  return req.user ?? { kind: 'anonymous', id: 'anonymous', name: 'anonymous', roles: [], requestId: req.id, correlationId: req.correlationId };
}

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor =>
  actorOf(ctx.switchToHttp().getRequest<{ user?: Actor; id?: string; correlationId?: string }>()),
);

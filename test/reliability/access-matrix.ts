/**
 * THE access matrix: every route of the API → what each caller must get.
 *   OK  = allowed: any answer but 401/403 (the probe request is harmless, so usually 400/404)
 *   401 = no or bad credentials; 403 = authenticated but not allowed
 * Columns: anonymous, the six staff roles (libs/access/src/roles.ts), the demo partner key
 * calling with a purpose its agency holds (government_procurement) and without (financing).
 * A route missing here fails access-matrix.spec.ts; so does a row that disagrees with the
 * route's declared rule (its `x-access` in the OpenAPI document) and ROLE_PERMISSIONS, or with
 * what the running app answers. Adding a route means adding its row, on purpose.
 */
export const OK = 'OK' as const;
export type Expected = typeof OK | 401 | 403;

export const CALLERS = ['anonymous', 'registrar', 'grader', 'officer', 'reviewer', 'auditor', 'admin', 'partner', 'partnerWithoutPurpose'] as const;
export type Caller = (typeof CALLERS)[number];

// prettier-ignore
export const ACCESS_MATRIX: Record<string, readonly Expected[]> = {
  //                                                                          anon  reg  grd  off  rev  aud  adm   p+   p-
  'GET /health/live':                                                      [ OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK],
  'GET /health/ready':                                                     [ OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK],
  'GET /api/v1/audit':                                                     [401, 403, 403, 403, 403,  OK,  OK, 403, 403],
  'GET /api/v1/audit/verify':                                              [401, 403, 403, 403, 403,  OK,  OK, 403, 403],
  'POST /api/v1/auth/login':                                               [ OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK],
  'GET /api/v1/auth/me':                                                   [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/admin/users':                                               [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'POST /api/v1/admin/users':                                              [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/admin/agencies':                                            [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'POST /api/v1/admin/agencies':                                           [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/admin/agencies/{agencyId}/keys':                            [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'POST /api/v1/admin/agencies/{agencyId}/keys':                           [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'DELETE /api/v1/admin/keys/{keyId}':                                     [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'POST /api/v1/enterprises/import':                                       [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'POST /api/v1/enterprises/imports':                                      [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/enterprises/imports/{id}':                                  [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/enterprises/imports/{id}/errors.csv':                       [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'POST /api/v1/enterprises':                                              [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/enterprises':                                               [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/enterprises/{code}':                                        [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'PATCH /api/v1/enterprises/{code}':                                      [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/enterprises/{code}/history':                                [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'POST /api/v1/enterprises/{code}/rename':                                [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'POST /api/v1/enterprises/{code}/status':                                [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/public/enterprises':                                        [ OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK],
  'GET /api/v1/public/enterprises/{code}':                                 [ OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK],
  'POST /api/v1/enterprises/{code}/credit-records':                        [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'POST /api/v1/credit-records/import':                                    [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/enterprises/{code}/credit-records':                         [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/credit-records/{id}':                                       [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'POST /api/v1/credit-records/{id}/repair':                               [401, 403, 403, 403,  OK, 403,  OK, 403, 403],
  'POST /api/v1/credit-records/{id}/revoke':                               [401, 403, 403, 403,  OK, 403,  OK, 403, 403],
  'POST /api/v1/credit-records/{id}/objections':                           [401,  OK, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/credit-records/{id}/objections':                            [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/credit-objections':                                         [401, 403, 403, 403,  OK, 403,  OK, 403, 403],
  'POST /api/v1/credit-objections/{id}/resolve':                           [401, 403, 403, 403,  OK, 403,  OK, 403, 403],
  'GET /api/v1/credit-categories':                                         [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'POST /api/v1/credit-categories':                                        [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/credit-categories/{code}':                                  [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'PUT /api/v1/credit-categories/{code}':                                  [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/enterprises/{code}/grade':                                  [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/enterprises/{code}/grades':                                 [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'POST /api/v1/enterprises/{code}/grade-overrides':                       [401, 403,  OK, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/grade-overrides':                                           [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'POST /api/v1/grade-overrides/{id}/review':                              [401, 403, 403, 403,  OK, 403,  OK, 403, 403],
  'POST /api/v1/grading/runs':                                             [401, 403,  OK, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/grading/runs':                                              [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/grading/runs/{id}':                                         [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'POST /api/v1/grading/runs/{id}/resume':                                 [401, 403,  OK, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/grading/models':                                            [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'POST /api/v1/grading/models':                                           [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/grading/models/{version}':                                  [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'POST /api/v1/inspection-plans':                                         [401, 403,  OK, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/inspection-plans/{id}':                                     [401, 403,  OK, 403, 403, 403,  OK, 403, 403],
  'POST /api/v1/inspection-plans/{id}/publish':                            [401, 403,  OK, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/public/inspection-plans/{id}':                              [ OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK],
  'POST /api/v1/listings':                                                 [401, 403, 403,  OK, 403, 403,  OK, 403, 403],
  'GET /api/v1/listings':                                                  [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'POST /api/v1/listings/expiry-run':                                      [401, 403, 403, 403,  OK, 403,  OK, 403, 403],
  'GET /api/v1/listings/{id}':                                             [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'POST /api/v1/listings/{id}/notify':                                     [401, 403, 403,  OK, 403, 403,  OK, 403, 403],
  'POST /api/v1/listings/{id}/statements':                                 [401, 403, 403,  OK, 403, 403,  OK, 403, 403],
  'POST /api/v1/listings/{id}/decide':                                     [401, 403, 403, 403,  OK, 403,  OK, 403, 403],
  'POST /api/v1/listings/{id}/drop':                                       [401, 403, 403, 403,  OK, 403,  OK, 403, 403],
  'POST /api/v1/listings/{id}/revoke':                                     [401, 403, 403, 403,  OK, 403,  OK, 403, 403],
  'POST /api/v1/listings/{id}/repair-applications':                        [401, 403, 403,  OK, 403, 403,  OK, 403, 403],
  'POST /api/v1/listings/{id}/repair-applications/{applicationId}/decide': [401, 403, 403, 403,  OK, 403,  OK, 403, 403],
  'GET /api/v1/listing-types':                                             [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/public/listings':                                           [ OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK,  OK],
  'GET /api/v1/checks/feedback-stats':                                     [401, 403, 403, 403,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/checks/receipts/{receiptId}':                               [401,  OK,  OK,  OK,  OK,  OK,  OK,  OK, 403],
  'POST /api/v1/checks/receipts/{receiptId}/feedback':                     [401,  OK,  OK,  OK,  OK,  OK,  OK,  OK, 403],
  'POST /api/v1/checks/batch':                                             [401,  OK,  OK,  OK,  OK,  OK,  OK,  OK, 403],
  'GET /api/v1/checks/{code}':                                             [401,  OK,  OK,  OK,  OK,  OK,  OK,  OK, 403],
  'GET /api/v1/measures':                                                  [401,  OK,  OK,  OK,  OK,  OK,  OK,  OK, 403],
  'POST /api/v1/measures':                                                 [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/measures/{code}':                                           [401,  OK,  OK,  OK,  OK,  OK,  OK,  OK, 403],
  'PATCH /api/v1/measures/{code}':                                         [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'DELETE /api/v1/measures/{code}':                                        [401, 403, 403, 403, 403, 403,  OK, 403, 403],
  'GET /api/v1/statistics/grades':                                         [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/statistics/listings':                                       [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/statistics/sampling':                                       [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/statistics/checks':                                         [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
  'GET /api/v1/statistics/trends':                                         [401,  OK,  OK,  OK,  OK,  OK,  OK, 403, 403],
};

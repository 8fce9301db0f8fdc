-- SQL sent by libs/access/src/sessions/sessions.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   login and a staff request (POST /auth/login, GET /auth/me)

-- first sent by: login and a staff request (POST /auth/login, GET /auth/me)
SELECT
  u.active,
  u.roles,
  extract(
    epoch
    FROM
      u.tokens_valid_after
  )::float8 * 1000 AS "tokensValidAfter",
  coalesce(
    (
      SELECT
        array_agg(r.jti::text)
      FROM
        access.revoked_tokens r
      WHERE
        r.user_id = u.id
        AND r.expires_at > now()
    ),
    '{}'
  ) AS revoked,
  coalesce(
    (
      SELECT
        json_agg(
          json_build_object(
            'id',
            a.id,
            'code',
            a.code,
            'name',
            a.name,
            'level',
            a.level,
            'regionCode',
            a.region_code
          )
          ORDER BY
            a.id = u.authority_id DESC
        )
      FROM
        access.authorities a
      WHERE
        a.id IN (u.authority_id, u.second_authority_id)
        AND a.active
    ),
    '[]'
  ) AS authorities
FROM
  access.users u
WHERE
  u.id::text = $1;

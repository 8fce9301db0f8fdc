-- SQL sent by libs/access/src/users.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   login and a staff request (POST /auth/login, GET /auth/me)

-- first sent by: login and a staff request (POST /auth/login, GET /auth/me)
SELECT
  id,
  username,
  display_name AS "displayName",
  roles,
  active,
  (
    SELECT
      code
    FROM
      access.authorities
    WHERE
      id = authority_id
  ) AS authority,
  (
    SELECT
      code
    FROM
      access.authorities
    WHERE
      id = second_authority_id
  ) AS "secondAuthority",
  password_hash AS "passwordHash"
FROM
  access.users
WHERE
  username = $1
  AND active;

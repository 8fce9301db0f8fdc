-- SQL sent by libs/access/src/login/login-throttle.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   login and a staff request (POST /auth/login, GET /auth/me)

-- first sent by: login and a staff request (POST /auth/login, GET /auth/me)
DELETE FROM access.login_failures
WHERE
  subject = $1;

-- first sent by: login and a staff request (POST /auth/login, GET /auth/me)
DELETE FROM access.login_failures
WHERE
  subject = $1
  AND failures <= 1;

-- first sent by: login and a staff request (POST /auth/login, GET /auth/me)
INSERT INTO
  access.login_failures AS f (
    subject,
    failures,
    total_failures,
    window_started_at,
    last_failed_at,
    locked_until
  )
VALUES
  (
    $1,
    1,
    1,
    now(),
    now(),
    CASE
      WHEN $2::int <= 1 THEN now() + $3::interval
    END
  )
ON CONFLICT (subject) DO UPDATE
SET
  failures = CASE
    WHEN f.window_started_at + $3::interval <= now() THEN 1
    ELSE f.failures + 1
  END,
  window_started_at = CASE
    WHEN f.window_started_at + $3::interval <= now() THEN now()
    ELSE f.window_started_at
  END,
  total_failures = f.total_failures + 1,
  last_failed_at = now(),
  locked_until = CASE
    WHEN f.window_started_at + $3::interval <= now() THEN CASE
      WHEN $2::int <= 1 THEN now() + $3::interval
    END
    WHEN f.failures + 1 = $2::int THEN now() + $3::interval
    ELSE f.locked_until
  END
RETURNING
  failures,
  total_failures AS "totalFailures",
  ceil(
    greatest(
      extract(
        epoch
        FROM
          coalesce(locked_until, now()) - now()
      ),
      1
    )
  )::int AS "retryAfter";

-- first sent by: login and a staff request (POST /auth/login, GET /auth/me)
SELECT
  f.subject,
  f.failures,
  extract(
    epoch
    FROM
      f.window_started_at
  )::float8 * 1000 AS "windowStartedAt",
  extract(
    epoch
    FROM
      f.last_failed_at
  )::float8 * 1000 AS "lastFailedAt",
  extract(
    epoch
    FROM
      f.locked_until
  )::float8 * 1000 AS "lockedUntil",
  extract(
    epoch
    FROM
      n.now
  )::float8 * 1000 AS now
FROM
  (
    SELECT
      now() AS now
  ) n
  LEFT JOIN access.login_failures f ON f.subject = ANY ($1);

-- first sent by: login and a staff request (POST /auth/login, GET /auth/me)
UPDATE access.login_failures
SET
  failures = failures - 1,
  total_failures = total_failures - 1,
  locked_until = CASE
    WHEN failures - 1 < $2 THEN NULL
    ELSE locked_until
  END
WHERE
  subject = $1
  AND failures > 1;

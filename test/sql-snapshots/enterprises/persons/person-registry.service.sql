-- SQL sent by libs/enterprises/src/persons/person-registry.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   enterprise registration (POST /enterprises)

-- first sent by: enterprise registration (POST /enterprises)
INSERT INTO
  enterprises.persons (doc_type, digest, key_id, id_enc, id_masked, name)
VALUES
  ($1, $2, $3, $4, $5, $6)
ON CONFLICT (digest) DO UPDATE
SET
  digest = EXCLUDED.digest
RETURNING
  id;

-- first sent by: enterprise registration (POST /enterprises)
SELECT
  digest
FROM
  enterprises.persons
WHERE
  id = $1;

-- first sent by: enterprise registration (POST /enterprises)
SELECT
  enterprises.link_legal_reps (
    $1::uuid[],
    $2::text[],
    $3::text[],
    $4::text[],
    $5::text[],
    $6::text[],
    $7::text[],
    $8::date[]
  );

-- first sent by: enterprise registration (POST /enterprises)
SELECT
  id
FROM
  enterprises.persons
WHERE
  digest = ANY ($1::text[])
LIMIT
  1;

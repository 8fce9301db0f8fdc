-- SQL sent by libs/enterprises/src/enterprise-registrar.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   enterprise registration (POST /enterprises)

-- first sent by: enterprise registration (POST /enterprises)
INSERT INTO
  enterprises.enterprises AS e (
    uscc,
    org_code,
    name,
    name_since,
    legal_rep_name,
    legal_rep_id_enc,
    legal_rep_id_hash,
    legal_rep_id_masked,
    legal_rep_phone,
    region_code,
    industry_code,
    status,
    address,
    registered_on,
    code_exception_reason,
    effective_on
  )
VALUES
  (
    $1,
    $2,
    $3,
    $4,
    $5,
    $6,
    $7,
    $8,
    $9,
    $10,
    $11,
    $12,
    $13,
    $14,
    $15,
    $16
  )
RETURNING
  e.id,
  e.uscc,
  e.org_code AS "orgCode",
  e.name,
  to_char(e.name_since, 'YYYY-MM-DD') AS "nameSince",
  e.former_names AS "formerNames",
  e.legal_rep_name AS "legalRepName",
  e.legal_rep_id_enc AS "legalRepIdEnc",
  e.legal_rep_id_hash AS "legalRepIdHash",
  e.legal_rep_id_masked AS "legalRepIdMasked",
  e.legal_rep_phone AS "legalRepPhone",
  e.region_code AS "regionCode",
  e.industry_code AS "industryCode",
  e.status,
  e.address,
  to_char(e.registered_on, 'YYYY-MM-DD') AS "registeredOn",
  e.code_exception_reason AS "codeExceptionReason",
  e.version,
  to_char(e.effective_on, 'YYYY-MM-DD') AS "effectiveOn",
  e.updated_at AS "updatedAt";

-- first sent by: enterprise registration (POST /enterprises)
SELECT
  e.id,
  e.uscc,
  e.org_code AS "orgCode",
  e.name,
  to_char(e.name_since, 'YYYY-MM-DD') AS "nameSince",
  e.former_names AS "formerNames",
  e.legal_rep_name AS "legalRepName",
  e.legal_rep_id_enc AS "legalRepIdEnc",
  e.legal_rep_id_hash AS "legalRepIdHash",
  e.legal_rep_id_masked AS "legalRepIdMasked",
  e.legal_rep_phone AS "legalRepPhone",
  e.region_code AS "regionCode",
  e.industry_code AS "industryCode",
  e.status,
  e.address,
  to_char(e.registered_on, 'YYYY-MM-DD') AS "registeredOn",
  e.code_exception_reason AS "codeExceptionReason",
  e.version,
  to_char(e.effective_on, 'YYYY-MM-DD') AS "effectiveOn",
  e.updated_at AS "updatedAt"
FROM
  enterprises.enterprises e
WHERE
  e.org_code = $1
  OR e.uscc = $2
FOR UPDATE;

-- first sent by: enterprise registration (POST /enterprises)
SELECT
  pg_advisory_xact_lock(
    hashtextextended ('enterprises.org_code:' || $1, 0)
  );

-- first sent by: enterprise registration (POST /enterprises)
SELECT
  set_config('qcr.change', $1, true);

-- SQL sent by libs/credit-records/src/credit-records.repository.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
--   listing proposal (POST /listings)
--   public register card (GET /public/enterprises/{code})

-- first sent by: credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
SELECT
  code AS "code",
  polarity AS "polarity",
  severity AS "severity",
  name_zh AS "nameZh",
  name_en AS "nameEn",
  publication_months AS "publicationMonths",
  repair_min_months AS "repairMinMonths",
  repair_min_months_strict AS "repairMinMonthsStrict",
  grounds_listing AS "groundsListing",
  active AS "active",
  version AS "version"
FROM
  credit.categories
WHERE
  code = $1;

-- first sent by: listing proposal (POST /listings)
SELECT
  count(*)::int AS n
FROM
  credit.records
WHERE
  enterprise_id = $1
  AND occurred_on >= $2::date
  AND category_code IN (
    SELECT
      code
    FROM
      credit.categories
    WHERE
      grounds_listing
  )
  AND status IN ('active', 'disputed');

-- first sent by: public register card (GET /public/enterprises/{code})
SELECT
  r.id AS "id",
  r.enterprise_id AS "enterpriseId",
  r.category_code AS "categoryCode",
  c.name_zh AS "nameZh",
  c.name_en AS "nameEn",
  r.polarity AS "polarity",
  r.severity AS "severity",
  r.occurred_on::text AS "occurredOn",
  r.publish_until::text AS "publishUntil",
  r.document_number AS "documentNumber",
  r.issuing_department AS "issuingDepartment",
  r.legal_basis AS "legalBasis",
  r.description AS "description",
  r.source AS "source",
  r.strict_repair AS "strictRepair",
  r.status AS "status",
  r.repaired_on::text AS "repairedOn",
  r.revoked_on::text AS "revokedOn",
  r.version AS "version",
  r.created_at AS "createdAt",
  r.created_by AS "createdBy",
  c.publication_months AS "publicationMonths",
  c.repair_min_months AS "repairMinMonths",
  c.repair_min_months_strict AS "repairMinMonthsStrict",
  (
    SELECT
      jsonb_build_object(
        'reason',
        p.reason,
        'proposedByName',
        p.proposed_by_name,
        'proposedAt',
        p.proposed_at
      )
    FROM
      credit.revocation_proposals p
    WHERE
      p.record_id = r.id
      AND p.status = 'proposed'
  ) AS "revocationPending"
FROM
  credit.records r
  JOIN credit.categories c ON c.code = r.category_code
WHERE
  r.enterprise_id = $1
  AND r.status IN ('active', 'disputed')
  AND r.publish_until > $2::date
ORDER BY
  r.occurred_on DESC,
  r.id DESC
LIMIT
  $3;

-- first sent by: credit record write, regrading its enterprise (POST /enterprises/{code}/credit-records)
SELECT
  r.id AS "id",
  r.enterprise_id AS "enterpriseId",
  r.category_code AS "categoryCode",
  c.name_zh AS "nameZh",
  c.name_en AS "nameEn",
  r.polarity AS "polarity",
  r.severity AS "severity",
  r.occurred_on::text AS "occurredOn",
  r.publish_until::text AS "publishUntil",
  r.document_number AS "documentNumber",
  r.issuing_department AS "issuingDepartment",
  r.legal_basis AS "legalBasis",
  r.description AS "description",
  r.source AS "source",
  r.strict_repair AS "strictRepair",
  r.status AS "status",
  r.repaired_on::text AS "repairedOn",
  r.revoked_on::text AS "revokedOn",
  r.version AS "version",
  r.created_at AS "createdAt",
  r.created_by AS "createdBy",
  c.publication_months AS "publicationMonths",
  c.repair_min_months AS "repairMinMonths",
  c.repair_min_months_strict AS "repairMinMonthsStrict",
  (
    SELECT
      jsonb_build_object(
        'reason',
        p.reason,
        'proposedByName',
        p.proposed_by_name,
        'proposedAt',
        p.proposed_at
      )
    FROM
      credit.revocation_proposals p
    WHERE
      p.record_id = r.id
      AND p.status = 'proposed'
  ) AS "revocationPending"
FROM
  credit.records r
  JOIN credit.categories c ON c.code = r.category_code
WHERE
  r.id = $1;

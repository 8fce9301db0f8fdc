-- SQL sent by libs/blacklist/src/listings.repository.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   listing proposal (POST /listings)
--   listing notify and statement (POST /listings/{id}/notify, …/statements)
--   listing decision, regrading its enterprise (POST /listings/{id}/decide)

-- first sent by: listing proposal (POST /listings)
INSERT INTO
  blacklist.listing_events (
    listing_id,
    action,
    from_status,
    to_status,
    actor_id,
    actor_name,
    details
  )
VALUES
  ($1, $2, $3, $4, $5, $6, $7);

-- first sent by: listing proposal (POST /listings)
INSERT INTO
  blacklist.listings (
    enterprise_id,
    enterprise_name,
    enterprise_uscc,
    enterprise_org_code,
    enterprise_region_code,
    list_type,
    status,
    reason,
    legal_basis,
    penalty_document_number,
    penalty_decided_on,
    penalty_authority,
    penalty_on_record,
    legal_rep_name,
    legal_rep_id_hash,
    legal_rep_key_id,
    legal_rep_version,
    proposed_by,
    proposed_by_name,
    proposed_at
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
    $16,
    $17,
    $18,
    $19,
    $20
  )
RETURNING
  id;

-- first sent by: listing notify and statement (POST /listings/{id}/notify, …/statements)
INSERT INTO
  blacklist.statements (
    listing_id,
    kind,
    received_on,
    summary,
    recorded_by,
    recorded_by_name
  )
VALUES
  ($1, $2, $3, $4, $5, $6)
RETURNING
  id;

-- first sent by: listing notify and statement (POST /listings/{id}/notify, …/statements)
UPDATE blacklist.listings
SET
  status = $3,
  updated_at = now(),
  notice_date = $4,
  statement_deadline = $5,
  notified_by = $6,
  notified_at = $7
WHERE
  id = $1
  AND status = ANY ($2::text[])
RETURNING
  id;

-- first sent by: listing notify and statement (POST /listings/{id}/notify, …/statements)
UPDATE blacklist.listings
SET
  status = $3,
  updated_at = now(),
  statement_waived = $4
WHERE
  id = $1
  AND status = ANY ($2::text[])
RETURNING
  id;

-- first sent by: listing decision, regrading its enterprise (POST /listings/{id}/decide)
WITH
  u AS (
    UPDATE blacklist.listings
    SET
      status = $13,
      updated_at = now(),
      decision_number = $14,
      deciding_authority = $15,
      deciding_authority_id = $16,
      start_date = $17,
      planned_end_date = $18,
      decided_by = $19,
      decided_by_name = $20,
      decided_at = $21
    WHERE
      id = $22
      AND status = ANY ($23::text[])
    RETURNING
      *
  ),
  p AS (
    INSERT INTO
      blacklist.listing_persons (listing_id, person_id, role)
    SELECT
      u.id,
      c.person_id,
      c.role
    FROM
      u,
      (
        SELECT
          o.person_id,
          o.role
        FROM
          enterprises.officers_on ($24::uuid, $25::date) o
        WHERE
          o.role = 'legal_representative'
        UNION
        SELECT
          *
        FROM
          unnest($26::uuid[], $27::text[])
      ) AS c (person_id, role)
    ON CONFLICT DO NOTHING
    RETURNING
      person_id,
      role
  ),
  h AS (
    INSERT INTO
      blacklist.listing_events (
        listing_id,
        action,
        from_status,
        to_status,
        actor_id,
        actor_name,
        details
      )
    SELECT
      u.id,
      $29,
      $30,
      u.status,
      $31,
      $32,
      $28::jsonb || jsonb_build_object(
        'responsiblePersons',
        (
          SELECT
            coalesce(
              jsonb_agg(
                jsonb_build_object('personId', person_id, 'role', role)
                ORDER BY
                  role COLLATE "C",
                  person_id
              ),
              '[]'::jsonb
            )
          FROM
            p
        )
      )
    FROM
      u
  ),
  a AS (
    INSERT INTO
      audit.entries (
        at,
        actor_kind,
        actor_id,
        actor_name,
        actor_roles,
        action,
        entity_type,
        entity_id,
        before,
        after,
        reason,
        request_id
      )
    SELECT
      $1::timestamptz,
      $2,
      $3,
      $4,
      $5::text[],
      x.action,
      x.entity_type,
      x.entity_id,
      x.before::jsonb,
      x.after::jsonb,
      x.reason,
      $6
    FROM
      (
        SELECT
          pg_current_xact_id()
        OFFSET
          0
      ) AS tx,
      unnest(
        $7::text[],
        $8::text[],
        $9::text[],
        $10::text[],
        $11::text[],
        $12::text[]
      ) WITH ORDINALITY AS x (
        action,
        entity_type,
        entity_id,
        before,
        after,
        reason,
        n
      )
    ORDER BY
      x.n
  )
SELECT
  l.id,
  l.seq,
  l.enterprise_id,
  l.enterprise_name,
  l.enterprise_uscc,
  l.enterprise_org_code,
  l.enterprise_region_code,
  l.list_type,
  t.name_zh,
  t.name_en,
  l.status,
  blacklist.status_on (
    l.status,
    l.start_date,
    l.ended_on,
    l.planned_end_date,
    $33::date
  ) AS effective_status,
  l.type_duration_years,
  l.type_statement_days,
  l.type_repair_min_years,
  l.reason,
  l.legal_basis,
  l.penalty_document_number,
  l.penalty_authority,
  l.penalty_on_record,
  l.legal_rep_name,
  l.legal_rep_id_hash,
  l.legal_rep_version,
  l.proposed_by,
  l.proposed_by_name,
  l.proposed_at,
  l.notified_by,
  l.notified_at,
  l.statement_waived,
  l.decision_number,
  l.deciding_authority,
  l.decided_by,
  l.decided_by_name,
  l.decided_at,
  l.drop_reason,
  l.dropped_by,
  l.dropped_at,
  l.end_kind,
  l.end_reason,
  l.ended_by,
  l.ended_at,
  l.deciding_authority_id,
  l.consent_authority_id,
  l.consented_by,
  l.consented_by_name,
  l.consented_at,
  to_char(l.penalty_decided_on, 'YYYY-MM-DD') AS penalty_decided_on,
  to_char(l.notice_date, 'YYYY-MM-DD') AS notice_date,
  to_char(l.statement_deadline, 'YYYY-MM-DD') AS statement_deadline,
  to_char(l.start_date, 'YYYY-MM-DD') AS start_date,
  to_char(l.planned_end_date, 'YYYY-MM-DD') AS planned_end_date,
  to_char(l.ended_on, 'YYYY-MM-DD') AS ended_on,
  to_char(l.requested_start_date, 'YYYY-MM-DD') AS requested_start_date,
  to_char(l.consent_date, 'YYYY-MM-DD') AS consent_date,
  EXISTS (
    SELECT
      1
    FROM
      blacklist.repair_applications r
    WHERE
      r.listing_id = l.id
      AND r.status = 'pending'
  ) AS pending_repair
FROM
  u l
  JOIN blacklist.list_types t ON t.code = l.list_type;

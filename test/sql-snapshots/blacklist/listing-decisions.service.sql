-- SQL sent by libs/blacklist/src/listing-decisions.service.ts on the hot paths of test/architecture/sql-snapshots.spec.ts.
-- Generated: do not edit. After reviewing a change, update with QCR_UPDATE_SQL=1 (docs/conventions.md § SQL snapshots).
-- Hot paths:
--   listing decision, regrading its enterprise (POST /listings/{id}/decide)

-- first sent by: listing decision, regrading its enterprise (POST /listings/{id}/decide)
WITH
  locked AS MATERIALIZED (
    SELECT
      *
    FROM
      blacklist.listings
    WHERE
      id = $1
    FOR UPDATE
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
    $2::date
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
  ) AS pending_repair,
  (
    SELECT
      json_build_object(
        'created',
        created_by = (l.proposed_by)::text
        AND created_at > now() - make_interval(hours => 24),
        'granted',
        roles_granted_by = (l.proposed_by)::text
        AND roles_granted_at > now() - make_interval(hours => 24)
      )
    FROM
      access.users
    WHERE
      id::text = ($3)::text
  ) AS sod_tie,
  num_nulls (
    pg_advisory_xact_lock(7305001, hashtext ((l.enterprise_id)::text)),
    num_nulls (
      changes.lock_answers (7305101, ARRAY[(l.enterprise_id)::uuid])
    )
  ) AS grade_lock,
  (
    SELECT
      coalesce(
        json_object_agg(
          a.id,
          json_build_object(
            'parentId',
            a.parent_id,
            'consentRequired',
            l.upper_consent_required
          )
        ),
        '{}'::json
      )
    FROM
      access.authorities a
      JOIN access.authority_levels l ON l.level = a.level
    WHERE
      a.id = ANY (($4)::uuid[])
  ) AS authorities
FROM
  locked l
  JOIN blacklist.list_types t ON t.code = l.list_type;

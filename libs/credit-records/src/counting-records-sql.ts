/**
 * CreditRecordsService.countingRecords as one JSON-array subquery (CreditFact[] fields), for grading's single read of
 * an enterprise's grade inputs (issue 21: a decision or record write in few round trips). Same rule: records that
 * count on `asOf` are active or disputed, or repaired after that date (then counted as active); revoked never count.
 */
export function countingRecordsJsonSql(enterpriseId: string, asOf: string): string {
  return `(SELECT coalesce(json_agg(json_build_object('id', id, 'categoryCode', category_code, 'polarity', polarity, 'severity', severity,
      'occurredOn', occurred_on::text, 'publishUntil', publish_until::text,
      'status', CASE WHEN status = 'repaired' THEN 'active' ELSE status END) ORDER BY occurred_on, id), '[]'::json)
     FROM credit.records
    WHERE enterprise_id = ${enterpriseId} AND occurred_on <= ${asOf}::date
      AND (status IN ('active', 'disputed') OR (status = 'repaired' AND repaired_on > ${asOf}::date)))`;
}

import { h, table } from '../dom.js';
import { label, t } from '../i18n.js';

/**
 * 公示的质量信用信息 on the public card (issue 17): the records within their publication period
 * (DOMAIN.md §5) as GET /api/v1/public/enterprises/{code} gives them — category, negative/positive,
 * date, document, department, legal basis, published until; disputed ones marked. No description
 * (free text), no person.
 */
export function publishedRecords(records = []) {
  return [
    h('h3', {}, t('lookup.records')),
    records.length
      ? table(
          [
            { label: t('records.category'), cell: (r) => h('span', {}, h(`span.polarity.polarity-${r.polarity}`, {}, t(`records.${r.polarity}`)), ' ', label(r.category.name)) },
            { label: t('records.occurredOn'), cell: (r) => r.occurredOn },
            { label: t('field.decisionNumber'), cell: (r) => r.documentNumber },
            { label: t('records.department'), cell: (r) => r.issuingDepartment },
            { label: t('field.legalBasis'), cell: (r) => r.legalBasis },
            { label: t('records.publishUntil'), cell: (r) => [r.publishUntil, r.disputed ? h('span.small.disputed', {}, ` ${t('records.disputed')}`) : null] },
          ],
          records,
          { class: 'data cards', attrs: { id: 'public-records' }, rowClass: (r) => `record-${r.polarity}` },
        )
      : h('p.muted#no-records', {}, t('lookup.noRecords')),
  ];
}

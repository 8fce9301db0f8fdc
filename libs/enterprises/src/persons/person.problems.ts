import { type FieldProblem, problem, type ProblemSpec } from '#qcr/platform';
import { parsePersonDocument, type PersonDocumentType } from '#qcr/identifiers';
import { todayInChina } from '#qcr/platform';

export const PersonProblems = {
  invalidIdNumber: { status: 400, code: 'PERSON.INVALID_ID_NUMBER', title: { zh: '证件号码不合法', en: 'Invalid identity document number' } },
  unknownDocumentType: { status: 400, code: 'PERSON.UNKNOWN_DOCUMENT_TYPE', title: { zh: '证件类型不存在', en: 'Unknown identity document type' } },
  notFound: { status: 404, code: 'PERSON.NOT_FOUND', title: { zh: '人员不存在', en: 'Person not found' } },
  roleNotFound: { status: 404, code: 'PERSON.ROLE_NOT_FOUND', title: { zh: '任职记录不存在', en: 'Role not found' } },
  roleOverlap: { status: 409, code: 'PERSON.ROLE_OVERLAP', title: { zh: '任职期间与已有记录重叠', en: 'The role overlaps a recorded one' } },
  rolePeriod: { status: 422, code: 'PERSON.ROLE_PERIOD', title: { zh: '任职期间不合规', en: 'Role period not allowed' } },
} satisfies Record<string, ProblemSpec>;

export interface PersonDocument {
  type: PersonDocumentType;
  number: string;
}

/**
 * The document or the problem naming the failing rule (GB 11643: length, alphabet, birth_date, id_check). `field` is
 * the request path of the number (e.g. `persons[3].idNumber`). Neither detail nor message repeats the number.
 */
export function personDocumentOrProblem(type: string, number: string, field = 'idNumber', typeField = 'idType'): PersonDocument {
  const parsed = parsePersonDocument(type, number, todayInChina());
  if (parsed.ok) return { type: parsed.type, number: parsed.number };
  if (parsed.rule === 'document_type') {
    throw problem(PersonProblems.unknownDocumentType, parsed.message, [{ field: typeField, rule: 'isIn', message: parsed.message }]);
  }
  const error: FieldProblem = { field, rule: parsed.rule, message: parsed.message };
  throw problem(PersonProblems.invalidIdNumber, `${field}: ${parsed.message}`, [error], {
    rule: parsed.rule,
    ...(parsed.position ? { position: parsed.position } : {}),
  });
}

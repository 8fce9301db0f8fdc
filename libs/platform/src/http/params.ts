import { ParseUUIDPipe } from '@nestjs/common';
import { CommonProblems, ProblemException } from './problem.js';

/** A path parameter that must be a UUID; the 400 names the parameter. */
export const uuidParam = (field: string) =>
  new ParseUUIDPipe({
    exceptionFactory: () =>
      new ProblemException(CommonProblems.validation, `${field} must be a UUID`, [{ field, rule: 'isUuid', message: `${field} must be a UUID` }]),
  });

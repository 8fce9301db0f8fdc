import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { CommonProblems, type FieldProblem, ProblemException } from './problem.js';

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.entries(e.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule: rule === 'whitelistValidation' ? 'unknownField' : rule,
      message: rule === 'whitelistValidation' ? `property ${field} is not allowed` : message,
    }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Global pipe: strips nothing silently — unknown fields are a 400 naming them. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      return new ProblemException(CommonProblems.validation, problems.map((p) => p.message).join('; '), problems);
    },
  });
}

import { Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { CommonProblems, problem } from '#qcr/platform';
import { AccessProblems } from './access.problems.js';

/** passport-local, with missing fields reported as a 400 naming them rather than a bare 401. */
@Injectable()
export class LocalAuthGuard extends AuthGuard('local') {
  override handleRequest<T>(err: unknown, user: T, info: { message?: string } | undefined): T {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the library's own error, rethrown unchanged
    if (err) throw err;
    if (info?.message === 'Missing credentials') {
      throw problem(CommonProblems.validation, 'username and password are required', [
        { field: 'username', rule: 'isString', message: 'username must be a string' },
        { field: 'password', rule: 'isString', message: 'password must be a string' },
      ]);
    }
    if (!user) throw problem(AccessProblems.badCredentials);
    return user;
  }
}

import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { problem } from '#qcr/platform';
import { Strategy } from 'passport-local';
import { AccessProblems } from '../access.problems.js';
import { LoginThrottle } from '../login/login-throttle.js';
import { type StaffUser, UsersService } from '../users.service.js';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottle,
  ) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  /** Backoff and lockout are checked before the password: a locked account is refused even with the right one. */
  async validate(req: { ip: string }, username: string, password: string): Promise<StaffUser> {
    await this.throttle.assertAllowed(username, req.ip);
    await this.throttle.reserveAttempt(username, req.ip); // counted as a failure until it succeeds
    const user = await this.users.authenticate(username, password);
    if (!user) throw problem(AccessProblems.badCredentials);
    await this.throttle.recordSuccess(username, req.ip);
    return user;
  }
}

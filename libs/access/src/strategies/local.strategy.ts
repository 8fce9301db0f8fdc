import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { problem } from '#qcr/platform';
import { Strategy } from 'passport-local';
import { AccessProblems } from '../access.problems.js';
import { LoginThrottle } from '../login/login-throttle.js';
import { type StaffUser, UsersService } from '../users.service.js';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly users: UsersService, private readonly throttle: LoginThrottle) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  /** Backoff and lockout are checked before the password: a locked account is refused even with the right one. */
  async validate(req: { ip: string }, username: string, password: string): Promise<StaffUser> {
    await this.throttle.assertAllowed(username, req.ip);
    const user = await this.users.authenticate(username, password);
    if (!user) {
      await this.throttle.recordFailure(username, req.ip);
      throw problem(AccessProblems.badCredentials);
    }
    await this.throttle.recordSuccess(username);
    return user;
  }
}

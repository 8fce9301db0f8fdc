import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { problem } from '#qcr/platform';
import { Strategy } from 'passport-local';
import { AccessProblems } from '../access.problems.js';
import { type StaffUser, UsersService } from '../users.service.js';

@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy, 'local') {
  constructor(private readonly users: UsersService) {
    super({ usernameField: 'username', passwordField: 'password' });
  }

  async validate(username: string, password: string): Promise<StaffUser> {
    const user = await this.users.authenticate(username, password);
    if (!user) throw problem(AccessProblems.badCredentials);
    return user;
  }
}

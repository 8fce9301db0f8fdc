import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Actor } from '#qcr/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { JwtSecret } from '../jwt-secret.js';
import { SessionsService, type StaffTokenClaims } from '../sessions/sessions.service.js';

export type { StaffTokenClaims };

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    secret: JwtSecret,
    private readonly sessions: SessionsService,
  ) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: secret.value, algorithms: ['HS256'] });
  }

  /** A valid signature is not enough: the user must still be active, and the token not revoked. */
  async validate(claims: StaffTokenClaims): Promise<Actor | false> {
    return (await this.sessions.actorFor(claims)) ?? false;
  }
}

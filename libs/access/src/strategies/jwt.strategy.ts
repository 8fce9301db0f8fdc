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
    // passport-jwt hands secretOrKey to jsonwebtoken.verify as is, which takes a KeyObject (JwtSecret.key says why);
    // @types/passport-jwt still says string | Buffer
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: secret.key as unknown as Buffer, algorithms: ['HS256'] });
  }

  /** A valid signature is not enough: the user must still be active, and the token not revoked. */
  async validate(claims: StaffTokenClaims): Promise<Actor | false> {
    return (await this.sessions.actorFor(claims)) ?? false;
  }
}

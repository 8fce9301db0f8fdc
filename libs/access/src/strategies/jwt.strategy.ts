import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Actor } from '#qcr/platform';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { JwtSecret } from '../jwt-secret.js';

export interface StaffTokenClaims {
  sub: string;
  name: string;
  roles: string[];
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(secret: JwtSecret) {
    super({ jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(), secretOrKey: secret.value, algorithms: ['HS256'] });
  }

  validate(claims: StaffTokenClaims): Actor {
    return { kind: 'staff', id: claims.sub, name: claims.name, roles: claims.roles };
  }
}

import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Actor } from '#qcr/platform';
import { Strategy } from 'passport-custom';
import { AgenciesService } from '../agencies.service.js';

/** Partner agencies authenticate with the X-API-Key header. */
@Injectable()
export class ApiKeyStrategy extends PassportStrategy(Strategy, 'api-key') {
  constructor(private readonly agencies: AgenciesService) {
    super();
  }

  async validate(req: { headers: Record<string, unknown> }): Promise<Actor | false> {
    const presented = req.headers['x-api-key'];
    if (typeof presented !== 'string') return false;
    const holder = await this.agencies.authenticateKey(presented);
    if (!holder) return false;
    return {
      kind: 'partner',
      id: holder.keyId,
      name: holder.agency.name,
      roles: ['partner'],
      agencyId: holder.agency.id,
      purposes: holder.agency.purposes,
    };
  }
}

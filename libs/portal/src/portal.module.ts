import fastifyStatic from '@fastify/static';
import { Module, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { portalPublicDir } from './portal-assets.js';

/**
 * The web portal (docs/portal.md): a static front end under /portal/ that calls the same JSON API
 * as every other client. Registered on the Fastify instance here, in the module, so every app
 * built from RegistryModule (npm start, the e2e and browser test apps) serves it; /api, /docs and
 * /health are untouched. No access rule applies: the files are public, the API they call is not.
 */
@Module({})
export class PortalModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify) return; // an application context without HTTP (the CLI)
    const root = portalPublicDir();
    void fastify.register(fastifyStatic, {
      root,
      prefix: '/portal/',
      index: ['index.html'],
      // Small files that change with a release; revalidate rather than cache for a day.
      cacheControl: true,
      maxAge: 0,
      serveDotFiles: false,
    });
    // The site root opens the portal (index.html refers to /portal/… absolutely, so it works from here too).
    fastify.get('/', (_req, reply) => reply.sendFile('index.html', root));
    fastify.get('/portal', (_req, reply) => reply.redirect('/portal/', 301));
  }
}

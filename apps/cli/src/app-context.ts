import type { INestApplicationContext } from '@nestjs/common';

/** Lets a command reach the application context it runs in (for seeding through module services). */
export class AppContextRef {
  app?: INestApplicationContext;
}

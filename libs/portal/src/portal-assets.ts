import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The portal's static files (libs/portal/public), found from source (ts-jest, tsc --watch) and
 * from dist/ alike: walk up to the repository root, the folder holding package.json.
 * The container image copies libs/portal/public beside dist/ for the same reason.
 */
export function portalPublicDir(start = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, 'libs', 'portal', 'public');
    if (existsSync(join(dir, 'package.json')) && existsSync(join(candidate, 'index.html'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('portal files libs/portal/public/index.html not found');
    dir = parent;
  }
}

import { readFileSync } from 'node:fs';

/**
 * The API is launched three ways (npm start, the container, the bench through package.json's start script);
 * the node flags — the heap cap that keeps the API's memory bounded (docs/performance.md) — must be the same.
 */
const nodeFlags = (command: string): string[] | null => {
  const m = /\bnode((?: --\S+)*) dist\/apps\/api\/src\/main\.js/.exec(command);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : null;
};

describe('API launch flags', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
  const start = nodeFlags(pkg.scripts.start);

  it('npm start caps the old-space heap', () => {
    expect(start).not.toBeNull();
    expect(start!.some((f) => /^--max-old-space-size=\d+$/.test(f))).toBe(true);
  });

  it('npm start and the container cap glibc malloc arenas the same way', () => {
    const env = /\bMALLOC_ARENA_MAX=(\d+) node\b/.exec(pkg.scripts.start);
    expect(env).not.toBeNull();
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(new RegExp(`^ENV .*\\bMALLOC_ARENA_MAX=${env![1]}\\b`, 'm'));
  });

  it('the container runs the API with the same flags as npm start', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'));
    expect(cmd).not.toBeNull();
    expect(nodeFlags((JSON.parse(cmd![1]) as string[]).join(' '))).toEqual(start);
  });
});

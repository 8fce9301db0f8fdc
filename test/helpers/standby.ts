import { execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { first } from './defined.js';

/**
 * A hot standby of a running PostgreSQL from its data directory, the way docs/scale.md describes it without
 * pg_basebackup (the embedded binaries ship only postgres, initdb, pg_ctl): a physical slot keeps the WAL,
 * pg_backup_start / a file copy / pg_backup_stop with its backup_label, then standby.signal and
 * primary_conninfo. Start the copy with startEmbeddedPostgres on another port. `settings` are appended to the
 * standby's postgresql.auto.conf (e.g. the bench's memory settings, so both servers are alike).
 */
export async function makeStandby(opts: {
  superuserUrl: string;
  primaryDir: string;
  standbyDir: string;
  primaryPort: number;
  slot: string;
  settings?: string[];
}): Promise<void> {
  const admin = new pg.Client({ connectionString: opts.superuserUrl });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_create_physical_replication_slot($1, true)`, [opts.slot]);
    await admin.query(`SELECT pg_backup_start('qcr-standby', true)`);
    execFileSync('cp', ['-a', opts.primaryDir, opts.standbyDir]);
    const { rows } = await admin.query<{ labelfile: string }>(`SELECT labelfile FROM pg_backup_stop(true)`);
    writeFileSync(join(opts.standbyDir, 'backup_label'), first(rows, 'the backup label').labelfile);
  } finally {
    await admin.end();
  }
  for (const f of ['postmaster.pid', 'postmaster.opts']) rmSync(join(opts.standbyDir, f), { force: true });
  for (const f of readdirSync(join(opts.standbyDir, 'pg_wal')))
    if (f !== 'archive_status') rmSync(join(opts.standbyDir, 'pg_wal', f), { recursive: true, force: true });
  appendFileSync(
    join(opts.standbyDir, 'postgresql.auto.conf'),
    [
      `primary_conninfo = 'host=127.0.0.1 port=${opts.primaryPort} user=postgres password=embedded application_name=${opts.slot}'`,
      `primary_slot_name = '${opts.slot}'`,
      ...(opts.settings ?? []),
      '',
    ].join('\n'),
  );
  writeFileSync(join(opts.standbyDir, 'standby.signal'), '');
  const owner = statSync(opts.primaryDir);
  for (const f of ['backup_label', 'standby.signal', 'postgresql.auto.conf']) chownSync(join(opts.standbyDir, f), owner.uid, owner.gid);
}

/** Drops the standby's slot on the primary (else the primary keeps WAL for it forever). */
export async function dropSlot(superuserUrl: string, slot: string): Promise<void> {
  const admin = new pg.Client({ connectionString: superuserUrl });
  await admin.connect();
  try {
    await admin.query(`SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE slot_name = $1 AND NOT active`, [slot]);
  } finally {
    await admin.end();
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox that does not serialise writers (issue 21, docs/changes.md § "Cursor order = commit order"):
 * - `events.id` is the write order (a plain sequence, taken at insert by writers running in parallel);
 *   `events.cursor` becomes the public feed position, NULL until the sequencer assigns it after the writer commits.
 *   Existing rows keep their cursor (and get it as their id, so write order = feed order for them too).
 * - `sequence_head.last_cursor`: the newest cursor handed out, advanced in the sequencer's own transaction, so cursors
 *   are dense and a rolled-back pass hands out nothing. Starts above the newest cursor ever issued (also purged ones).
 * - `changes.lock_answers(key, ids)`: what a writer takes before it diffs — the outbox lock in shared mode (only a
 *   catalogue change takes it exclusively) and then the snapshot rows of its enterprises, in id order (no deadlock).
 * - `recorded_at` is the insert's time, not the writer's transaction start (the outbox writes last, near the commit):
 *   `sequenced_at − recorded_at` is then the sequencer's lag, which the bench reports.
 */
export class SequencedEvents1765600000000 implements MigrationInterface {
  name = 'SequencedEvents1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE changes.events ADD COLUMN id bigint, ADD COLUMN sequenced_at timestamptz`);
    await q.query(`UPDATE changes.events SET id = cursor, sequenced_at = recorded_at`);
    await q.query(`
      CREATE TABLE changes.sequence_head (
        singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
        last_cursor bigint NOT NULL CHECK (last_cursor >= 0)
      )`);
    await q.query(`
      INSERT INTO changes.sequence_head (last_cursor)
      SELECT greatest(coalesce((SELECT max(cursor) FROM changes.events), 0), (SELECT purged_through FROM changes.horizon))`);
    await q.query(`CREATE SEQUENCE changes.events_id_seq OWNED BY changes.events.id`);
    await q.query(`SELECT setval('changes.events_id_seq', (SELECT last_cursor FROM changes.sequence_head) + 1, false)`);
    await q.query(`
      ALTER TABLE changes.events
        ALTER COLUMN id SET DEFAULT nextval('changes.events_id_seq'),
        ALTER COLUMN id SET NOT NULL,
        DROP CONSTRAINT events_pkey,
        ADD PRIMARY KEY (id),
        ALTER COLUMN cursor DROP DEFAULT,
        ALTER COLUMN recorded_at SET DEFAULT clock_timestamp(),
        ALTER COLUMN cursor DROP NOT NULL,
        ADD CONSTRAINT events_cursor_key UNIQUE (cursor),
        ADD CONSTRAINT events_sequenced CHECK ((cursor IS NULL) = (sequenced_at IS NULL))`);
    await q.query(`DROP SEQUENCE changes.events_cursor_seq`);
    // the sequencer's probe (small: rows leave it once sequenced) and retention's cut (a prefix of the cursors)
    await q.query(`CREATE INDEX events_unsequenced ON changes.events (id) WHERE cursor IS NULL`);
    await q.query(`DROP INDEX changes.events_recorded_at`);
    await q.query(`CREATE INDEX events_sequenced_at ON changes.events (sequenced_at)`);
    await q.query(`
      CREATE FUNCTION changes.lock_answers(outbox_lock bigint, ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(outbox_lock);
        PERFORM 1 FROM changes.answers WHERE enterprise_id = ANY (ids) ORDER BY enterprise_id FOR NO KEY UPDATE;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION changes.lock_answers(bigint, uuid[])`);
    await q.query(`DELETE FROM changes.events WHERE cursor IS NULL`);
    await q.query(`CREATE SEQUENCE changes.events_cursor_seq OWNED BY changes.events.cursor`);
    await q.query(`SELECT setval('changes.events_cursor_seq', (SELECT last_cursor FROM changes.sequence_head) + 1, false)`);
    await q.query(`DROP INDEX changes.events_sequenced_at`);
    await q.query(`CREATE INDEX events_recorded_at ON changes.events (recorded_at)`);
    await q.query(`DROP INDEX changes.events_unsequenced`);
    await q.query(`
      ALTER TABLE changes.events
        DROP CONSTRAINT events_sequenced,
        DROP CONSTRAINT events_cursor_key,
        DROP CONSTRAINT events_pkey,
        ALTER COLUMN cursor SET DEFAULT nextval('changes.events_cursor_seq'),
        ALTER COLUMN recorded_at SET DEFAULT now(),
        ALTER COLUMN cursor SET NOT NULL,
        ADD PRIMARY KEY (cursor),
        DROP COLUMN id,
        DROP COLUMN sequenced_at`);
    await q.query(`DROP TABLE changes.sequence_head`);
  }
}

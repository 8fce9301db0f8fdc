import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditLog } from '#qcr/audit';
import { type Actor, addDays, type CalendarDayKind, inTransaction, type IsoDate, queryChanged, queryOne } from '#qcr/platform';
import type { DataSource, EntityManager } from 'typeorm';

export interface CalendarDay {
  day: IsoDate;
  kind: CalendarDayKind;
  name: string;
}

/** The working-day calendar (DOMAIN.md §10): holidays on weekdays and weekend days worked; data, edited by an admin. */
@Injectable()
export class WorkingCalendar {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** The listed days in [from, from + days]: enough for any "n working days" within it. */
  async around(em: Pick<EntityManager, 'query'> | null, from: IsoDate, days = 60): Promise<Map<IsoDate, CalendarDayKind>> {
    const rows: CalendarDay[] = await (em ?? this.db).query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind FROM blacklist.calendar_days WHERE day BETWEEN $1::date AND $2::date`,
      [from, addDays(from, days)],
    );
    return new Map(rows.map((r) => [r.day, r.kind]));
  }

  async year(year: number): Promise<CalendarDay[]> {
    return this.db.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM blacklist.calendar_days
        WHERE day >= make_date($1, 1, 1) AND day < make_date($1 + 1, 1, 1) ORDER BY day`,
      [year],
    );
  }

  async set(actor: Actor, day: IsoDate, kind: CalendarDayKind, name: string, reason: string): Promise<CalendarDay> {
    return inTransaction(this.db, async (em) => {
      const before = await queryOne<CalendarDay>(
        em,
        `SELECT to_char(day, 'YYYY-MM-DD') AS day, kind, name FROM blacklist.calendar_days WHERE day = $1 FOR UPDATE`,
        [day],
      );
      await em.query(
        `INSERT INTO blacklist.calendar_days (day, kind, name) VALUES ($1, $2, $3)
         ON CONFLICT (day) DO UPDATE SET kind = EXCLUDED.kind, name = EXCLUDED.name, updated_at = now()`,
        [day, kind, name],
      );
      const after: CalendarDay = { day, kind, name };
      await this.audit.record(em, actor, { action: 'calendar.day-set', entityType: 'calendar-day', entityId: day, before: before ?? null, after, reason });
      return after;
    });
  }

  /** Back to the weekend rule for that day; true when a listed day was removed. */
  async clear(actor: Actor, day: IsoDate, reason: string): Promise<boolean> {
    return inTransaction(this.db, async (em) => {
      const {
        rows: [before],
      } = await queryChanged<CalendarDay>(em, `DELETE FROM blacklist.calendar_days WHERE day = $1 RETURNING to_char(day, 'YYYY-MM-DD') AS day, kind, name`, [
        day,
      ]);
      if (before)
        await this.audit.record(em, actor, { action: 'calendar.day-cleared', entityType: 'calendar-day', entityId: day, before, after: null, reason });
      return !!before;
    });
  }
}

import { readFileSync } from 'node:fs';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedFile } from '#qcr/platform';

/**
 * Quality credit information (DOMAIN.md §5): the category catalogue (seeded from
 * seeds/credit-categories.json, editable afterwards), records and objections.
 */
export class Credit1763700004000 implements MigrationInterface {
  name = 'Credit1763700004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS credit`);
    await q.query(`
      CREATE TABLE credit.categories (
        code                      text PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,63}$'),
        polarity                  text NOT NULL CHECK (polarity IN ('negative', 'positive')),
        severity                  text NOT NULL CHECK (severity IN ('minor', 'general', 'serious', 'positive')),
        name_zh                   text NOT NULL,
        name_en                   text NOT NULL,
        publication_months        int  NOT NULL CHECK (publication_months BETWEEN 1 AND 120),
        repair_min_months         int  CHECK (repair_min_months BETWEEN 0 AND 120),
        repair_min_months_strict  int  CHECK (repair_min_months_strict BETWEEN 0 AND 120),
        active                    boolean NOT NULL DEFAULT true,
        version                   int NOT NULL DEFAULT 1,
        updated_at                timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE credit.records (
        id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        enterprise_id       uuid NOT NULL REFERENCES enterprises.enterprises(id),
        category_code       text NOT NULL REFERENCES credit.categories(code),
        severity            text NOT NULL,
        polarity            text NOT NULL,
        occurred_on         date NOT NULL,
        publish_until       date NOT NULL,
        document_number     text NOT NULL,
        issuing_department  text NOT NULL,
        legal_basis         text NOT NULL,
        description         text NOT NULL DEFAULT '',
        source              text NOT NULL CHECK (source IN ('manual', 'import', 'partner')),
        strict_repair       boolean NOT NULL DEFAULT false,
        status              text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disputed', 'repaired', 'revoked')),
        repaired_on         date,
        revoked_on          date,
        version             int NOT NULL DEFAULT 1,
        created_at          timestamptz NOT NULL DEFAULT now(),
        created_by          text NOT NULL,
        updated_at          timestamptz NOT NULL DEFAULT now(),
        CHECK (publish_until > occurred_on),
        CONSTRAINT records_document_unique UNIQUE (enterprise_id, category_code, document_number)
      )`);
    await q.query(`CREATE INDEX records_enterprise_idx ON credit.records (enterprise_id, occurred_on)`);
    await q.query(`
      CREATE TABLE credit.objections (
        id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        record_id          uuid NOT NULL REFERENCES credit.records(id),
        status             text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'upheld', 'rejected')),
        outcome            text CHECK (outcome IN ('corrected', 'revoked', 'active')),
        reason             text NOT NULL,
        raised_by          text NOT NULL,
        raised_at          timestamptz NOT NULL DEFAULT now(),
        deadline           date NOT NULL,
        resolved_by        text,
        resolved_at        timestamptz,
        resolution_reason  text,
        corrections        jsonb,
        CHECK ((status = 'open') = (resolved_at IS NULL))
      )`);
    // One open objection per record at a time.
    await q.query(`CREATE UNIQUE INDEX objections_one_open ON credit.objections (record_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX objections_deadline_idx ON credit.objections (deadline) WHERE status = 'open'`);

    const { categories } = JSON.parse(readFileSync(seedFile('credit-categories.json'), 'utf8')) as {
      categories: Array<{
        code: string;
        polarity: string;
        severity: string;
        name: { zh: string; en: string };
        publicationMonths: number;
        repairMinMonths: number | null;
        repairMinMonthsStrict: number | null;
      }>;
    };
    for (const c of categories) {
      await q.query(
        `INSERT INTO credit.categories (code, polarity, severity, name_zh, name_en, publication_months, repair_min_months, repair_min_months_strict)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8) ON CONFLICT (code) DO NOTHING`,
        [c.code, c.polarity, c.severity, c.name.zh, c.name.en, c.publicationMonths, c.repairMinMonths, c.repairMinMonthsStrict],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA credit CASCADE`);
  }
}

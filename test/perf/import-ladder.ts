import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { PersonalDataCipher } from '#qcr/enterprises';
import { copyLine, CsvReader, decodeCsvBytes, mapHeader, validateRow } from './import-internals.js';
import { first } from '../helpers/defined.js';

/**
 * Where a CSV import's time goes (issue 3): the same file through each cost the import pays, one at a time, so the
 * gap to a raw COPY can be read off. JS rungs run in this process without a database (the import's own code: decode,
 * parse, validate, seal the personal data, format COPY lines); database rungs COPY the file, without any JS work, into
 * tables that add the registry's storage costs one by one, up to a table built like enterprises.enterprises.
 */
export interface Rung {
  rung: string;
  seconds: number;
}

/** The columns of the generated CSV, in file order (also the raw-COPY baseline's). */
export const FILE_COLUMNS = 'uscc, org_code, name, legal_rep_name, legal_rep_id, legal_rep_phone, region_code, industry_code, status, address, registered_on';

async function jsPass(
  file: string,
  depth: 'parse' | 'validate' | 'seal',
  known: { divisions: ReadonlySet<string>; industries: ReadonlySet<string> },
  cipher: PersonalDataCipher,
) {
  const t = performance.now();
  const reader = new CsvReader();
  let index: ReturnType<typeof mapHeader>['index'] | null = null;
  let rows = 0;
  let bytes = 0;
  const take = (cells: string[] | undefined, line: number) => {
    if (!cells) return;
    if (!index) {
      index = mapHeader(cells).index;
      return;
    }
    rows++;
    if (depth === 'parse') return;
    const v = validateRow(cells, line, index, known);
    if (depth === 'validate' || !('row' in v)) return;
    const sealed = cipher.seal(v.row.legalRepId);
    bytes += copyLine({ ...v.row, legalRepIdEnc: sealed.enc, legalRepIdHash: sealed.hash, legalRepIdMasked: sealed.masked }).length;
  };
  for await (const text of decodeCsvBytes(createReadStream(file))) for (const r of reader.push(text)) take(r.cells, r.line);
  for (const r of reader.end()) take(r.cells, r.line);
  return { seconds: (performance.now() - t) / 1000, rows, bytes };
}

export async function importLadder(
  db: pg.Pool,
  file: string,
  cipher: PersonalDataCipher,
  known: { divisions: ReadonlySet<string>; industries: ReadonlySet<string> },
): Promise<Rung[]> {
  const rungs: Rung[] = [];
  for (const [depth, rung] of [
    ['parse', 'JS: decode + split into fields'],
    ['validate', 'JS: + validate every row (check characters, reference codes, dates)'],
    ['seal', 'JS: + seal the legal-rep ID (AES-256-GCM, SHA-256, mask) and format the COPY line'],
  ] as const) {
    rungs.push({ rung, seconds: (await jsPass(file, depth, known, cipher)).seconds });
  }

  const client = await db.connect();
  try {
    const { def: repIndex } = first(
      (await client.query<{ def: string }>(`SELECT pg_get_indexdef('enterprises.enterprises_rep_hash_idx'::regclass) AS def`)).rows,
    );
    const ladder: Array<[string, string[]]> = [
      ['DB: COPY into typed columns, uuidv7 primary key and the CHECKs of enterprises', []],
      ['DB: + unique uscc and org_code (one record per identity)', ['CREATE UNIQUE INDEX ON rung (uscc)', 'CREATE UNIQUE INDEX ON rung (org_code)']],
      ['DB: + trigram index on name (search)', ['CREATE INDEX ON rung USING gin (name gin_trgm_ops)']],
      [
        'DB: + region, industry and legal-rep hash indexes (= built like enterprises)',
        [
          'CREATE INDEX ON rung (region_code)',
          'CREATE INDEX ON rung (industry_code)',
          String(repIndex)
            .replace(/INDEX \S+ ON \S+/, 'INDEX ON public.rung')
            .replace(/legal_rep_id_hash/g, 'legal_rep_id'),
        ],
      ],
    ];
    const indexes: string[] = [];
    for (const [rung, add] of ladder) {
      indexes.push(...add);
      await client.query('DROP TABLE IF EXISTS rung');
      // The file has no org_code for USCC rows (the import derives it), so the column may be NULL here.
      await client.query(`CREATE TABLE rung (LIKE enterprises.enterprises INCLUDING DEFAULTS INCLUDING CONSTRAINTS)`);
      await client.query(
        `ALTER TABLE rung ADD PRIMARY KEY (id), ALTER org_code DROP NOT NULL, ALTER effective_on SET DEFAULT current_date, ADD legal_rep_id text`,
      );
      for (const sql of indexes) await client.query(sql);
      await client.query('CHECKPOINT');
      const t = performance.now();
      await pipeline(createReadStream(file), client.query(copyFrom(`COPY rung (${FILE_COLUMNS}) FROM STDIN (FORMAT csv, HEADER true)`)));
      rungs.push({ rung, seconds: (performance.now() - t) / 1000 });
    }
    await client.query('DROP TABLE IF EXISTS rung');
    await client.query('CHECKPOINT');
  } finally {
    client.release();
  }
  return rungs;
}

import type pg from 'pg';

/**
 * What both crash tests check after a crash and restart: acknowledged agency registrations are stored, each with
 * its audit entry (and no entry without its agency), and the audit chain verifies. The assertions stay in the specs.
 */
export async function agencyWritesAfterCrash(db: pg.Client, codePattern: string, acknowledged: string[]) {
  const stored = new Set((await db.query<{ code: string }>(`SELECT code FROM access.agencies WHERE code LIKE $1`, [codePattern])).rows.map((r) => r.code));
  const orphans = await db.query(
    `SELECT a.code FROM access.agencies a WHERE a.code LIKE $1
        AND NOT EXISTS (SELECT 1 FROM audit.entries e WHERE e.entity_type = 'agency' AND e.entity_id = a.id::text AND e.action = 'agency.created')
     UNION ALL
     SELECT e.entity_id FROM audit.entries e WHERE e.action = 'agency.created' AND e.after->>'code' LIKE $1
        AND NOT EXISTS (SELECT 1 FROM access.agencies a WHERE a.id::text = e.entity_id)`,
    [codePattern],
  );
  return { lost: acknowledged.filter((c) => !stored.has(c)), orphans: orphans.rows };
}

/** GET /api/v1/audit/verify as the demo auditor: its status and body. */
export async function verifyAuditChain(base: string, password: string): Promise<{ status: number; body: unknown }> {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'auditor', password }),
  });
  const token = ((await login.json()) as { accessToken: string }).accessToken;
  const res = await fetch(`${base}/api/v1/audit/verify`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

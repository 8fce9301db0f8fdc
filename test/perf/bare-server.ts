import { createServer } from 'node:http';
import pg from 'pg';
import { detectGradeQuery, lookupOne, todayInShanghai } from './bare-queries.js';

/**
 * The baseline for the single check: node:http + pg answering GET /check/{code}?asOf= with the
 * same indexed lookups the API's check makes (bare-queries.ts). No framework, no auth, no log.
 * Run by bench.ts as a child process: DATABASE_URL, PORT; prints "ready <port>" when listening.
 */
async function main(): Promise<void> {
  const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 20) });
  const grade = await detectGradeQuery(db);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/check\/([^/]+)$/.exec(url.pathname);
    if (req.method !== 'GET' || !m) {
      res.writeHead(404).end();
      return;
    }
    lookupOne(db, decodeURIComponent(m[1]), url.searchParams.get('asOf') ?? todayInShanghai(), grade).then(
      (body) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      },
      (err: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message);
      },
    );
  });
  server.keepAliveTimeout = 65_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
    const address = server.address();
    console.log(`ready ${typeof address === 'object' && address ? address.port : ''} grade=${grade ? 'yes' : 'no'}`);
  });
  process.on('SIGTERM', () => {
    server.close();
    void db.end().then(() => process.exit(0));
  });
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});

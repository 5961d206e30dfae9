import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type StartOptions } from '../start';

export interface ScratchServer extends RunningServer {
  readonly dataDir: string;
}

export type ScratchOptions = Omit<StartOptions, 'dataDir'> & { prefix?: string };

/**
 * A server on a throwaway data directory that its close() removes: what the bench, the automator endpoint
 * and the tests start when they need a fresh database and nothing left behind.
 */
export async function startScratchServer(
  options: ScratchOptions = {},
  start: (options: StartOptions) => Promise<RunningServer> = startServer,
): Promise<ScratchServer> {
  const { prefix = 'mp-login-server-', ...startOptions } = options;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const removeDir = () => rm(dataDir, { recursive: true, force: true });
  try {
    const server = await start({ ...startOptions, dataDir });
    return {
      ...server,
      dataDir,
      async close() {
        await server.close();
        await removeDir();
      },
    };
  } catch (error) {
    await removeDir();
    throw error;
  }
}

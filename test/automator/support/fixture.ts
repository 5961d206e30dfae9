/**
 * The protocol conformance suite's set-up: the headless endpoint on the fixture mini-program
 * (test/automator/fixture) against a real server in test mode, all on random ports in temp dirs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../server/start';
import { start, type RunningAutomator } from '../../../simulator/automator/start';

export const FIXTURE_ROOT = path.join(__dirname, '..', 'fixture');

export interface FixtureEndpoint {
  readonly automator: RunningAutomator;
  readonly server: RunningServer;
  close(): Promise<void>;
}

export async function startFixtureEndpoint(): Promise<FixtureEndpoint> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'automator-fixture-'));
  const server = await startServer({ port: 0, dataDir, mode: 'test', logger: false, env: {} });
  try {
    const automator = await start({ projectRoot: FIXTURE_ROOT, serverUrl: server.url, port: 0, env: {} });
    return {
      automator,
      server,
      async close() {
        await automator.close();
        await server.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

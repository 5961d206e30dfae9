/**
 * The protocol conformance suite's set-up: the headless endpoint on the fixture mini-program
 * (test/automator/fixture) against a real server in test mode, all on random ports in temp dirs.
 */
import path from 'node:path';
import { startScratchServer } from '../../../server/dev/scratch-server';
import type { RunningServer } from '../../../server/start';
import { start, type RunningAutomator } from '../../../simulator/automator/start';

export const FIXTURE_ROOT = path.join(__dirname, '..', 'fixture');

export interface FixtureEndpoint {
  readonly automator: RunningAutomator;
  readonly server: RunningServer;
  close(): Promise<void>;
}

/** `chromiumPath` points the layout methods at another Chromium (a missing one, to see their error). */
export async function startFixtureEndpoint(options: { chromiumPath?: string } = {}): Promise<FixtureEndpoint> {
  const server = await startScratchServer({ port: 0, mode: 'test', logger: false, env: {}, prefix: 'automator-fixture-' });
  try {
    const automator = await start({ projectRoot: FIXTURE_ROOT, serverUrl: server.url, port: 0, env: {}, ...options });
    return {
      automator,
      server,
      async close() {
        await automator.close();
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

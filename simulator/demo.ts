/**
 * `npm run demo`: the mini-program, unchanged, driven headlessly against a fresh companion server and
 * its WeChat emulator, through journeys 1–4 and account deletion (7), narrated step by step. Exits non-zero on the first
 * thing the user would not have seen.
 */
import * as path from 'path';
import {
  bindPhone,
  bindPhoneLegacy,
  deleteAccount,
  firstLaunch,
  logoutAndRelaunch,
  profileWithAvatarAndNickname,
  profileWithGetUserProfile,
} from './journeys/journeys';
import { createWorld, type World } from './journeys/world';

const JOURNEYS: Array<(world: World) => Promise<unknown>> = [
  firstLaunch,
  profileWithGetUserProfile,
  profileWithAvatarAndNickname,
  bindPhone,
  bindPhoneLegacy,
  logoutAndRelaunch,
  deleteAccount,
];

async function main(): Promise<number> {
  const projectRoot = path.resolve(__dirname, '..');
  const print = (line: string): void => {
    process.stdout.write(`${line}\n`);
  };
  const world = await createWorld({ projectRoot, narrate: print, narrateNetwork: true });
  print(`Companion server with WeChat emulator on ${world.server.url} (fresh data dir ${world.tmpDir})`);
  try {
    for (const journey of JOURNEYS) {
      print('');
      await journey(world);
    }
    if (world.exceptions.length > 0) throw new Error(`the mini-program threw ${world.exceptions.length} uncaught error(s):\n${world.exceptions.join('\n')}`);
    print('');
    print(`All ${JOURNEYS.length} journeys passed.`);
    return 0;
  } catch (error) {
    print('');
    print(`DEMO FAILED: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return 1;
  } finally {
    await world.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`demo could not run: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

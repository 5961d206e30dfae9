/**
 * App.exit kills the app the way closing DevTools' simulator does; the next request that needs the app
 * cold-starts it again with runtime.relaunch (storage kept), so close() + connect() is a real relaunch.
 */
import type { Runtime } from '../types';
import type { AppLifecycle } from './handlers/context';

export function createAppLifecycle(runtime: Runtime): AppLifecycle {
  let exited = false;
  let relaunching: Promise<void> | null = null;
  return {
    async ready() {
      if (exited && relaunching === null) {
        exited = false;
        relaunching = runtime.relaunch().finally(() => {
          relaunching = null;
        });
      }
      if (relaunching !== null) await relaunching;
      return runtime;
    },
    exit() {
      exited = true;
    },
  };
}

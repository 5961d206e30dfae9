/** wx's storage APIs, sync and async, over the device's storage (which outlives a relaunch). */
import { ApiFailure } from './callbacks';
import type { WxTable } from './wx';
import { ok, type WxKit } from './wx-kit';

export function storageApis({ deps, api }: WxKit): WxTable {
  const { storage } = deps;
  return {
    getStorageSync: (key: unknown) => (storage.has(String(key)) ? storage.get(String(key)) : ''),
    setStorageSync: (key: unknown, value: unknown) => {
      try {
        storage.set(String(key), value);
      } catch (error) {
        throw new Error(`setStorageSync:fail ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    removeStorageSync: (key: unknown) => storage.remove(String(key)),
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => storage.info(),
    getStorage: api('getStorage', async (options) => {
      const key = String(options.key);
      if (!storage.has(key)) throw new ApiFailure('getStorage:fail data not found');
      return ok('getStorage', { data: storage.get(key) });
    }),
    setStorage: api('setStorage', async (options) => {
      storage.set(String(options.key), options.data);
      return ok('setStorage');
    }),
    removeStorage: api('removeStorage', async (options) => {
      storage.remove(String(options.key));
      return ok('removeStorage');
    }),
    clearStorage: api('clearStorage', async () => {
      storage.clear();
      return ok('clearStorage');
    }),
  };
}

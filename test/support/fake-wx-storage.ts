/**
 * The fake's local storage (wx.*Storage*): JSON-serialized entries held with WeChat's limits of
 * 1 MB per key and 10 MB in all, so tests see the same failures a device gives.
 */
import { WxFailure, type Answer, type Callbacks, type WxApis } from './fake-wx-answer';

export const STORAGE_KEY_LIMIT_BYTES = 1024 * 1024;
export const STORAGE_TOTAL_LIMIT_BYTES = 10 * 1024 * 1024;

/** The test's hands on storage, past the wx API and its limits. */
export interface FakeStorageControls {
  raw(key: string): string | undefined;
  setRaw(key: string, value: unknown): void;
  corrupt(key: string, text: string): void;
  keys(): string[];
  bytes(): number;
}

function utf8Bytes(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Sync APIs throw an Error carrying the errMsg, as on the device. */
function syncStorage<R>(run: () => R): R {
  try {
    return run();
  } catch (error) {
    throw error instanceof WxFailure ? new Error(error.errMsg) : error;
  }
}

/** The entries and the rules for reading and writing them, shared by the wx APIs and the controls. */
function storageEntries(storage: Map<string, string>) {
  function bytes(): number {
    let total = 0;
    for (const [key, value] of storage) total += utf8Bytes(key) + utf8Bytes(value);
    return total;
  }

  function set(api: string, key: string, value: unknown): void {
    if (typeof key !== 'string' || key === '') throw new WxFailure(`${api}:fail parameter error: key should be a non-empty string`);
    const serialized = JSON.stringify(value === undefined ? null : value);
    const entryBytes = utf8Bytes(key) + utf8Bytes(serialized);
    if (entryBytes > STORAGE_KEY_LIMIT_BYTES) throw new WxFailure(`${api}:fail exceed storage item max length`);
    const previous = storage.get(key);
    const previousBytes = previous === undefined ? 0 : utf8Bytes(key) + utf8Bytes(previous);
    if (bytes() - previousBytes + entryBytes > STORAGE_TOTAL_LIMIT_BYTES) {
      throw new WxFailure(`${api}:fail exceed storage max size 10Mb`);
    }
    storage.set(key, serialized);
  }

  function get(key: string): unknown {
    const value = storage.get(key);
    if (value === undefined) return '';
    try {
      return JSON.parse(value);
    } catch {
      throw new WxFailure('getStorageSync:fail data corrupted');
    }
  }

  return { bytes, set, get };
}

type Entries = ReturnType<typeof storageEntries>;

function syncApis(storage: Map<string, string>, entries: Entries): WxApis {
  return {
    getStorageSync: (key: string) => syncStorage(() => entries.get(key)),
    setStorageSync: (key: string, value: unknown) => syncStorage(() => entries.set('setStorageSync', key, value)),
    removeStorageSync: (key: string) => {
      storage.delete(key);
    },
    clearStorageSync: () => storage.clear(),
    getStorageInfoSync: () => ({
      keys: Array.from(storage.keys()),
      currentSize: Math.ceil(entries.bytes() / 1024),
      limitSize: STORAGE_TOTAL_LIMIT_BYTES / 1024,
    }),
  };
}

function asyncApis(storage: Map<string, string>, entries: Entries, answer: Answer): WxApis {
  return {
    getStorage: (option: { key: string } & Callbacks<{ data: unknown; errMsg: string }>) =>
      answer(option, () => {
        if (!storage.has(option.key)) throw new WxFailure('getStorage:fail data not found');
        return { data: entries.get(option.key), errMsg: 'getStorage:ok' };
      }),
    setStorage: (option: { key: string; data: unknown } & Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        entries.set('setStorage', option.key, option.data);
        return { errMsg: 'setStorage:ok' };
      }),
    removeStorage: (option: { key: string } & Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        storage.delete(option.key);
        return { errMsg: 'removeStorage:ok' };
      }),
    clearStorage: (option?: Callbacks<{ errMsg: string }>) =>
      answer(option, () => {
        storage.clear();
        return { errMsg: 'clearStorage:ok' };
      }),
  };
}

/** Storage seeded with `initial` (through setStorageSync's limits); its wx APIs and the test's controls. */
export function fakeStorage(answer: Answer, initial: Record<string, unknown>): { apis: WxApis; controls: FakeStorageControls } {
  const storage = new Map<string, string>();
  const entries = storageEntries(storage);
  for (const [key, value] of Object.entries(initial)) entries.set('setStorageSync', key, value);
  const controls: FakeStorageControls = {
    raw: (key) => storage.get(key),
    setRaw: (key, value) => {
      storage.set(key, JSON.stringify(value));
    },
    corrupt: (key, text) => {
      storage.set(key, text);
    },
    keys: () => Array.from(storage.keys()),
    bytes: entries.bytes,
  };
  return { apis: { ...syncApis(storage, entries), ...asyncApis(storage, entries, answer) }, controls };
}

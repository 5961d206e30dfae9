import * as fs from 'fs';

/** WeChat's limits: 1 MB for one key's data, 10 MB for the whole mini-program. */
export const MAX_ENTRY_BYTES = 1024 * 1024;
export const MAX_TOTAL_BYTES = 10 * 1024 * 1024;

export interface Storage {
  has(key: string): boolean;
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  remove(key: string): void;
  clear(): void;
  info(): { keys: string[]; currentSize: number; limitSize: number };
}

function entrySize(key: string, serialized: string): number {
  return Buffer.byteLength(key) + Buffer.byteLength(serialized);
}

/** Values are kept serialized, as WeChat does: what comes back is a JSON copy, never the same object. */
export function createStorage(file?: string): Storage {
  const entries = new Map<string, string>();
  if (file && fs.existsSync(file)) {
    const saved = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(saved)) if (typeof value === 'string') entries.set(key, value);
  }
  const persist = (): void => {
    if (file) fs.writeFileSync(file, JSON.stringify(Object.fromEntries(entries)));
  };
  const total = (): number => [...entries].reduce((sum, [key, value]) => sum + entrySize(key, value), 0);

  return {
    has: (key) => entries.has(key),
    get(key) {
      const serialized = entries.get(key);
      return serialized === undefined ? undefined : (JSON.parse(serialized) as { v: unknown }).v;
    },
    set(key, value) {
      if (!key) throw new Error('invalid key');
      const serialized = JSON.stringify({ v: value === undefined ? null : value });
      const size = entrySize(key, serialized);
      if (size > MAX_ENTRY_BYTES) throw new Error('exceed storage item max length');
      const previous = entries.get(key);
      const next = total() - (previous === undefined ? 0 : entrySize(key, previous)) + size;
      if (next > MAX_TOTAL_BYTES) throw new Error('exceed storage max size 10Mb');
      entries.set(key, serialized);
      persist();
    },
    remove(key) {
      entries.delete(key);
      persist();
    },
    clear() {
      entries.clear();
      persist();
    },
    info: () => ({ keys: [...entries.keys()], currentSize: Math.ceil(total() / 1024), limitSize: MAX_TOTAL_BYTES / 1024 }),
  };
}

import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import type { Session } from './state';

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false;
  const { sessionKey, valid, appid } = value as Record<string, unknown>;
  return typeof sessionKey === 'string' && typeof valid === 'boolean' && (appid === undefined || typeof appid === 'string');
}

/** The emulator's sessions saved by an earlier run; none when the file is missing or unreadable. */
export function loadSessions(file: string): Record<string, Session> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  return Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, Session] => isSession(entry[1])));
}

export interface SessionWriter {
  /** Saves soon; bursts of logins share one write. */
  schedule(): void;
  flush(): Promise<void>;
}

export function createSessionWriter(file: string, snapshot: () => Record<string, Session>, delayMs = 50): SessionWriter {
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<void> = Promise.resolve();

  function write(): Promise<void> {
    timer = null;
    const content = JSON.stringify(snapshot());
    // Write-then-rename, chained, so a reader never sees half a file and writes never interleave.
    writing = writing.then(async () => {
      const temporary = `${file}.tmp`;
      await writeFile(temporary, content, { mode: 0o600 });
      await rename(temporary, file);
    });
    return writing;
  }

  return {
    schedule() {
      if (timer === null) timer = setTimeout(() => void write().catch(() => undefined), delayMs);
    },
    async flush() {
      if (timer !== null) {
        clearTimeout(timer);
        await write();
      }
      await writing;
    },
  };
}

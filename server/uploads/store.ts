import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { contentTypeForExtension, type ImageType } from './image-type';

export interface StoredFile {
  bytes: Buffer;
  contentType: string;
}

export interface UploadStore {
  /** Saves under a random name (never the sender's) and returns that name. */
  save(bytes: Buffer, type: ImageType): Promise<string>;
  read(name: string): Promise<StoredFile | null>;
}

/** Only names this store made: anything else (../, other extensions) is simply not found. */
const STORED_NAME = /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/;

export function createUploadStore(directory: string): UploadStore {
  return {
    async save(bytes, type) {
      await mkdir(directory, { recursive: true });
      const name = `${randomBytes(16).toString('hex')}.${type.extension}`;
      await writeFile(path.join(directory, name), bytes, { flag: 'wx' });
      return name;
    },

    async read(name) {
      const match = STORED_NAME.exec(name);
      const contentType = match === null ? undefined : contentTypeForExtension(match[1] ?? '');
      if (contentType === undefined) return null;
      try {
        return { bytes: await readFile(path.join(directory, name)), contentType };
      } catch {
        return null;
      }
    },
  };
}

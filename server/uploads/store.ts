import { randomBytes } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import path from 'node:path';
import { contentTypeForExtension, type ImageType } from './image-type';

export interface StoredFile {
  bytes: Buffer;
  contentType: string;
}

export interface UploadStore {
  /** Saves under a random name (never the sender's) and returns that name; a failed save leaves no file. */
  save(bytes: Buffer, type: ImageType): Promise<string>;
  read(name: string): Promise<StoredFile | null>;
}

/** The file system calls the store makes: tests hand in one that fails like a full disk. */
export type UploadFiles = Pick<typeof fsPromises, 'mkdir' | 'writeFile' | 'rename' | 'rm' | 'readFile'>;

/** Only names this store made: anything else (../, other extensions, temp files) is simply not found. */
const STORED_NAME = /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/;

export function createUploadStore(directory: string, files: UploadFiles = fsPromises): UploadStore {
  return {
    async save(bytes, type) {
      await files.mkdir(directory, { recursive: true });
      const id = randomBytes(16).toString('hex');
      const name = `${id}.${type.extension}`;
      // Written under a temporary name and renamed when complete: a write cut short (a full disk) never
      // leaves a partial file under a name that is served, and the temporary one is removed.
      const temporary = path.join(directory, `.${id}.partial`);
      try {
        await files.writeFile(temporary, bytes, { flag: 'wx' });
        await files.rename(temporary, path.join(directory, name));
      } catch (error) {
        await files.rm(temporary, { force: true });
        throw error;
      }
      return name;
    },

    async read(name) {
      const match = STORED_NAME.exec(name);
      const contentType = match === null ? undefined : contentTypeForExtension(match[1] ?? '');
      if (contentType === undefined) return null;
      try {
        return { bytes: await files.readFile(path.join(directory, name)), contentType };
      } catch {
        return null;
      }
    },
  };
}

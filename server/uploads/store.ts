import { randomBytes } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import path from 'node:path';
import { contentTypeForExtension, type ImageType } from './image-type';

export interface StoredFile {
  bytes: Buffer;
  contentType: string;
}

export interface StoredEntry {
  name: string;
  modifiedAt: Date;
}

export interface UploadStore {
  /** Saves under a random name (never the sender's) and returns that name; a failed save leaves no file. */
  save(bytes: Buffer, type: ImageType): Promise<string>;
  read(name: string): Promise<StoredFile | null>;
  /** Deletes the file; one that is already gone is not an error. */
  remove(name: string): Promise<void>;
  /** The files this store made, for the start-up sweep. */
  list(): Promise<StoredEntry[]>;
  /** Where clients fetch a stored file when it is not served by this server (an object store's public URL). */
  publicUrlOf?(name: string): string;
}

/** The file system calls the store makes: tests hand in one that fails like a full disk. */
export type UploadFiles = Pick<typeof fsPromises, 'mkdir' | 'writeFile' | 'rename' | 'rm' | 'readFile' | 'unlink' | 'readdir' | 'stat'>;

/** Only names a store made: anything else (../, other extensions, temp files) is simply not found. */
const STORED_NAME = /^[0-9a-f]{32}\.(jpg|png|webp|gif)$/;

export function isStoredName(name: string): boolean {
  return STORED_NAME.test(name);
}

/** The content type of a stored name, or undefined for a name no store makes. */
export function storedContentType(name: string): string | undefined {
  const match = STORED_NAME.exec(name);
  return match === null ? undefined : contentTypeForExtension(match[1] ?? '');
}

/** A new random stored name for an image of this type: never the sender's name. */
export function newStoredName(type: ImageType): string {
  return `${randomBytes(16).toString('hex')}.${type.extension}`;
}

/**
 * Where the server serves its uploads, after the plugin's prefix if any: an avatar URL with this path and a
 * stored name is (possibly) ours.
 */
export const UPLOADS_PATH = '/uploads/';

/** The stored name an avatar URL points at, or null for a URL that is not one of this server's uploads. */
export function storedNameOf(url: string | null): string | null {
  if (url === null || !URL.canParse(url)) return null;
  const { pathname } = new URL(url);
  const at = pathname.lastIndexOf(UPLOADS_PATH);
  if (at === -1) return null;
  const name = pathname.slice(at + UPLOADS_PATH.length);
  return isStoredName(name) ? name : null;
}

/** Duck-typed: Node's fs errors are not always `instanceof Error` of the caller's realm (jest's sandbox). */
function isMissing(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}

export function createUploadStore(directory: string, files: UploadFiles = fsPromises): UploadStore {
  return {
    async save(bytes, type) {
      await files.mkdir(directory, { recursive: true });
      const name = newStoredName(type);
      // Written under a temporary name and renamed when complete: a write cut short (a full disk) never
      // leaves a partial file under a name that is served, and the temporary one is removed.
      const temporary = path.join(directory, `.${path.parse(name).name}.partial`);
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
      const contentType = storedContentType(name);
      if (contentType === undefined) return null;
      try {
        return { bytes: await files.readFile(path.join(directory, name)), contentType };
      } catch {
        return null;
      }
    },

    async remove(name) {
      if (!isStoredName(name)) return;
      try {
        await files.unlink(path.join(directory, name));
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    },

    async list() {
      let names: string[];
      try {
        names = await files.readdir(directory);
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
      const entries = await Promise.all(
        names
          .filter(isStoredName)
          .map(async (name) => {
            try {
              return { name, modifiedAt: (await files.stat(path.join(directory, name))).mtime };
            } catch {
              return null;
            }
          }),
      );
      return entries.filter((entry): entry is StoredEntry => entry !== null);
    },
  };
}

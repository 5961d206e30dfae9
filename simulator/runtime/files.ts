import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { randomBytes } from 'crypto';

/**
 * WeChat hands the mini-program temporary paths (`http://tmp/…`) for files the user picked; the
 * runtime copies the user's file into its own temp dir and maps the path back when it is uploaded.
 */
export interface TempFiles {
  /** Copies `source` and returns the temporary path the mini-program sees. */
  adopt(source: string): string;
  /** Writes a file of the runtime's own (a default the user "has" on the phone); returns its local path. */
  create(name: string, bytes: Buffer): string;
  /** The bytes behind a temporary path. */
  read(tempPath: string): Buffer;
  dispose(): void;
}

export const TEMP_PATH_PREFIX = 'http://tmp/';

export function createTempFiles(): TempFiles {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-runtime-files-'));
  const paths = new Map<string, string>();
  return {
    adopt(source: string): string {
      const name = `${randomBytes(8).toString('hex')}${path.extname(source).toLowerCase()}`;
      const target = path.join(dir, name);
      fs.copyFileSync(source, target);
      const tempPath = `${TEMP_PATH_PREFIX}${name}`;
      paths.set(tempPath, target);
      return tempPath;
    },
    create(name: string, bytes: Buffer): string {
      const target = path.join(dir, path.basename(name));
      fs.writeFileSync(target, bytes);
      return target;
    },
    read(tempPath: string): Buffer {
      const real = paths.get(tempPath);
      if (!real) throw new Error(`no such file: ${tempPath} (only temporary paths WeChat handed out can be read)`);
      return fs.readFileSync(real);
    },
    dispose(): void {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

import * as fsPromises from 'node:fs/promises';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createUploadStore, storedNameOf, type UploadFiles } from '../../server/uploads/store';
import { PNG_BYTES } from './support/images';

const PNG = { extension: 'png', contentType: 'image/png' } as const;

/** Writes the first half of the bytes for real, then fails as a full disk does (ENOSPC). */
const fullDisk: UploadFiles = {
  ...fsPromises,
  async writeFile(file, data, options) {
    await fsPromises.writeFile(file, (data as Buffer).subarray(0, Math.floor((data as Buffer).length / 2)), options);
    throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
  },
};

describe('upload store', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(path.join(os.tmpdir(), 'upload-store-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  test('a write that fails for a full disk leaves no file, partial or empty, behind', async () => {
    const store = createUploadStore(directory, fullDisk);
    await expect(store.save(PNG_BYTES, PNG)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await readdir(directory)).toEqual([]);
  });

  test('a failed rename removes the written temporary file', async () => {
    const store = createUploadStore(directory, {
      ...fsPromises,
      rename: async () => {
        throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
      },
    });
    await expect(store.save(PNG_BYTES, PNG)).rejects.toMatchObject({ code: 'EIO' });
    expect(await readdir(directory)).toEqual([]);
  });

  test('a saved file is complete under its served name, and temporary names are never served', async () => {
    const store = createUploadStore(directory);
    const name = await store.save(PNG_BYTES, PNG);
    expect(await readdir(directory)).toEqual([name]);
    expect((await store.read(name))?.bytes.equals(PNG_BYTES)).toBe(true);
    expect(await store.read(`.${name.slice(0, 32)}.partial`)).toBeNull();
  });
});

describe('storedNameOf', () => {
  const name = `${'a'.repeat(32)}.png`;

  test('finds the stored name at the root and under a plugin prefix', () => {
    expect(storedNameOf(`http://127.0.0.1:3000/uploads/${name}`)).toBe(name);
    expect(storedNameOf(`https://api.example.com/mp/uploads/${name}`)).toBe(name);
  });

  test('a URL that is not one of our uploads has none', () => {
    expect(storedNameOf(`https://thirdwx.qlogo.cn/mmopen/${name}`)).toBeNull();
    expect(storedNameOf('https://api.example.com/mp/uploads/../etc/passwd')).toBeNull();
    expect(storedNameOf(null)).toBeNull();
  });
});

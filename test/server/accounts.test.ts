import { createAccounts, type FileLog } from '../../server/accounts';
import type { AccountStore } from '../../server/db/accounts';
import type { UploadStore } from '../../server/uploads/store';

const IMAGE = { extension: 'png', contentType: 'image/png' } as const;

function fakes(removeFails: boolean) {
  const removed: string[] = [];
  const warnings: string[] = [];
  const uploads: UploadStore = {
    save: async () => `${'c'.repeat(32)}.png`,
    read: async () => null,
    list: async () => [],
    async remove(name) {
      if (removeFails) throw new Error('EACCES');
      removed.push(name);
    },
  };
  const log: FileLog = { warn: ({ upload }) => void warnings.push(upload) };
  return { removed, warnings, uploads, log };
}

function storeWith(overrides: Partial<AccountStore>): AccountStore {
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  return { updateProfile: unused, clearPhone: unused, recordUpload: unused, deleteAccount: unused, ...overrides };
}

describe('accounts: rows first, then files', () => {
  test('a deletion whose file removal fails is still a deletion; the failure is logged for the sweep', async () => {
    const { warnings, uploads, log } = fakes(true);
    const accounts = createAccounts({ store: storeWith({ deleteAccount: async () => ({ deleted: true, discard: ['x.png', 'y.png'] }) }), uploads, log });
    await expect(accounts.deleteAccount(1)).resolves.toBe(true);
    expect(warnings.sort()).toEqual(['x.png', 'y.png']);
  });

  test('files are removed only after the rows committed: a failed transaction removes none', async () => {
    const { removed, uploads, log } = fakes(false);
    const accounts = createAccounts({
      store: storeWith({
        deleteAccount: async () => {
          throw new Error('database down');
        },
      }),
      uploads,
      log,
    });
    await expect(accounts.deleteAccount(1)).rejects.toThrow('database down');
    expect(removed).toEqual([]);
  });

  test('an upload whose row cannot be recorded takes its file with it', async () => {
    const { removed, uploads, log } = fakes(false);
    const accounts = createAccounts({
      store: storeWith({
        recordUpload: async () => {
          throw new Error('no such user');
        },
      }),
      uploads,
      log,
    });
    await expect(accounts.saveUpload(1, Buffer.alloc(1), IMAGE)).rejects.toThrow('no such user');
    expect(removed).toEqual([`${'c'.repeat(32)}.png`]);
  });
});

import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

/** Loads the SDK entry alone in a fresh Node process and reports what came with it. */
function loadAlone(): { exports: string[]; frameworks: string[]; ownModules: string[] } {
  const script = `
    const sdk = require(${JSON.stringify(path.join(ROOT, 'server/sdk/index.ts'))});
    const loaded = Object.keys(require.cache);
    const frameworks = loaded.filter((file) => /[\\\\/]node_modules[\\\\/](fastify|@fastify[\\\\/][^\\\\/]+|kysely|better-sqlite3|pg)[\\\\/]/.test(file));
    const ownModules = loaded.filter((file) => file.startsWith(${JSON.stringify(path.join(ROOT, 'server'))})).map((file) => file.slice(${JSON.stringify(ROOT.length + 1)}));
    process.stdout.write(JSON.stringify({ exports: Object.keys(sdk).sort(), frameworks, ownModules: ownModules.sort() }));
  `;
  const output = execFileSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  return JSON.parse(output) as { exports: string[]; frameworks: string[]; ownModules: string[] };
}

describe('the SDK entry (server/sdk)', () => {
  const loaded = loadAlone();

  test('loads no web framework and no database driver', () => {
    expect(loaded.frameworks).toEqual([]);
    expect(loaded.ownModules.filter((file) => /^server[\\/]((routes|db|emulator)[\\/]|(app|plugin|start)\.ts$)/.test(file))).toEqual([]);
  });

  test('exports the WeChat client, its token cache, the crypto, the error mapping and the token helpers', () => {
    expect(loaded.exports).toEqual(
      expect.arrayContaining([
        'createWechatClient',
        'createWechatApps',
        'createMemoryAccessTokenCache',
        'decryptWechatData',
        'createPushReceiver',
        'decryptPushMessage',
        'toApiError',
        'errorBody',
        'newBearerToken',
        'hashToken',
        'bearerTokenOf',
      ]),
    );
  });
});

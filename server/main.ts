import { startServer, type RunningServer } from './start';

/** What `npm start` prints: how to reach the development server from WeChat DevTools. */
function developmentBanner(server: RunningServer): string {
  const lines = [
    '',
    `miniprogram-login server: ${server.url}`,
    server.emulatorUrl === null
      ? 'WeChat: real api (WECHAT_APPS or WECHAT_APPID/WECHAT_SECRET are set)'
      : `WeChat: emulator at ${server.emulatorUrl} (no credentials set; any unknown wx.login code or AppID logs in the development user)`,
    server.emulatorUrl === null || process.env.WECHAT_PUSH_TOKEN
      ? `Message push: ${server.url}/api/wechat/push${process.env.WECHAT_PUSH_TOKEN ? '' : ' (off: WECHAT_PUSH_TOKEN is not set)'}`
      : `Message push: ${server.url}/api/wechat/push with the emulator's development Token and EncodingAESKey (docs/server.md)`,
    '',
    'Open the project in WeChat DevTools against it:',
    '  1. DevTools → Import project → this folder (project.config.json); a tourist AppID is fine with the emulator.',
    '  2. Details → Local settings: tick "Do not verify valid domain names" (project.config.json already sets urlCheck: false).',
    `  3. Point the mini-program's API base URL at ${server.url} (on a phone preview use this machine's LAN address and HOST=0.0.0.0).`,
    '  4. Compile: the app logs in through wx.login → POST /api/auth/login.',
    '',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * `npm start` (development: the WeChat emulator unless real apps are set) and `npm run start:prod`
 * (NODE_ENV=production: the compiled server, real WeChat, PostgreSQL, JSON log lines only on stdout).
 */
async function main(): Promise<void> {
  const production = process.env.NODE_ENV === 'production';
  const server = await startServer({ mode: production ? 'production' : 'development', logger: true });
  if (!production) process.stdout.write(developmentBanner(server));

  const stop = (): void => {
    server.drain().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`shutdown failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

import { startServer } from './start';

/** `npm start`: the development server, with the WeChat emulator unless real apps (WECHAT_APPS or WECHAT_APPID/WECHAT_SECRET) are set. */
async function main(): Promise<void> {
  const server = await startServer({ mode: 'development', logger: true });
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
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = (): void => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

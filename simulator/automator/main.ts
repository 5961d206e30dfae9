/**
 * `npm run simulator`: the headless mini-program on ws://127.0.0.1:9420 for miniprogram-automator's
 * connect({wsEndpoint}). Env: AUTOMATOR_PORT (0 = random), SERVER_URL (default: a fresh dev server),
 * SDK_VERSION (base library the runtime answers for).
 */
import { DEFAULT_PORT, start } from './start';

function port(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > 65535) throw new Error(`AUTOMATOR_PORT must be a port number, got "${value}"`);
  return parsed;
}

async function main(): Promise<void> {
  const running = await start({
    port: port(process.env.AUTOMATOR_PORT),
    serverLogs: true,
    ...(process.env.SDK_VERSION ? { sdkVersion: process.env.SDK_VERSION } : {}),
    onInternalError: (method, error) => console.error(`[automator] ${method} failed:`, error),
  });
  console.log(`[automator] mini-program (base library ${running.runtime.sdkVersion}) against ${running.serverUrl}`);
  console.log(`[automator] listening on ${running.wsEndpoint}`);
  console.log(`[automator] connect with: automator.connect({ wsEndpoint: '${running.wsEndpoint}' })`);
  let closing = false;
  const stop = (): void => {
    if (closing) return;
    closing = true;
    running.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

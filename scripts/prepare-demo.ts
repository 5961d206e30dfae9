/** `npm run demo` and jest's globalSetup run this first: the demo ready to use miniprogram-login (prepare-client.ts). */
import { prepareDemo } from './prepare-client';

prepareDemo().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});

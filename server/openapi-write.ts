import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateOpenApi, serializeOpenApi } from './openapi';

/** `npm run openapi`: writes docs/openapi.json, which a test keeps in step with the routes. */
const OPENAPI_FILE = path.join(__dirname, '..', 'docs', 'openapi.json');

async function main(): Promise<void> {
  await writeFile(OPENAPI_FILE, serializeOpenApi(await generateOpenApi()));
  process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});

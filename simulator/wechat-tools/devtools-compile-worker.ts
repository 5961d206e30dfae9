/**
 * Runs DevTools' own compile in a process of its own: miniprogram-ci keeps a forked compiler process
 * alive after getCompiledResult, so the worker exits when the files are written.
 * Usage: node --import tsx devtools-compile-worker.ts <projectRoot> <outDir>
 */
import { compileInProcess, RESULT_PREFIX } from './devtools-compile';

const [projectRoot, outDir] = process.argv.slice(2);
if (!projectRoot || !outDir) {
  process.stderr.write('usage: devtools-compile-worker.ts <projectRoot> <outDir>\n');
  process.exit(2);
}
compileInProcess(projectRoot, outDir).then(
  (result) => {
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

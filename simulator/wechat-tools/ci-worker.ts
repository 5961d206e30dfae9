/**
 * The process miniprogram-ci runs in (ci-process.ts starts it): runs one job, prints its result as one
 * line and exits, which also ends the compiler process and file watcher miniprogram-ci leaves behind.
 * Usage: node --import tsx ci-worker.ts compile <projectRoot> <outDir> | audit <projectRoot> | pack-npm <projectRoot>
 */
import { RESULT_PREFIX } from './ci-process';
import { auditInProcess } from './code-quality';
import { compileInProcess } from './devtools-compile';
import { packNpmInProcess } from './pack-npm';

async function run(job: string | undefined, projectRoot: string | undefined, outDir: string | undefined): Promise<unknown> {
  if (job === 'compile' && projectRoot && outDir) return compileInProcess(projectRoot, outDir);
  if (job === 'audit' && projectRoot) return auditInProcess(projectRoot);
  if (job === 'pack-npm' && projectRoot) return packNpmInProcess(projectRoot);
  throw new Error('usage: ci-worker.ts compile <projectRoot> <outDir> | audit <projectRoot> | pack-npm <projectRoot>');
}

const [job, projectRoot, outDir] = process.argv.slice(2);
run(job, projectRoot, outDir).then(
  (result) => {
    process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);

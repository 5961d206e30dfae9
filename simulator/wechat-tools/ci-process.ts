import { spawn } from 'child_process';
import * as path from 'path';

/** The jobs ci-worker.ts runs. */
export type CiJob = 'compile' | 'audit' | 'pack-npm';

/** The worker's one line of result on stdout (miniprogram-ci prints its own log lines there too). */
export const RESULT_PREFIX = 'MINIPROGRAM-CI-RESULT ';

function parseResult(stdout: string): unknown {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
  return line === undefined ? undefined : (JSON.parse(line.slice(RESULT_PREFIX.length)) as unknown);
}

/**
 * Runs a miniprogram-ci job in a process of its own and resolves with what it printed: miniprogram-ci keeps
 * a forked compiler and a file watcher running after it answers, which would keep jest (or any caller) up.
 */
export function runCiJob(job: CiJob, args: readonly string[]): Promise<unknown> {
  const worker = path.join(__dirname, 'ci-worker.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, job, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = parseResult(stdout);
      if (code !== 0 || result === undefined) {
        reject(new Error(`miniprogram-ci ${job} of ${args[0] ?? ''} failed (exit ${code}):\n${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolve(result);
    });
  });
}

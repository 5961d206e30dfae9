import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ci from 'miniprogram-ci';
import { openOfflineProject } from './offline-project';

/** DevTools' build of a project: the code a phone runs. */
export interface DevToolsBuild {
  /** The build's mini-program root (app.js, app.json, pages/…, @babel/runtime/helpers/…). */
  readonly dir: string;
  /** Root-relative paths of every file written, sorted. */
  readonly files: string[];
  /** What DevTools warned about while compiling (e.g. a file its code analyzer left out as unused). */
  readonly warnings: string[];
  readonly ms: number;
}

/** The worker's one line of result on stdout (miniprogram-ci prints its own log lines there too). */
export const RESULT_PREFIX = 'DEVTOOLS-BUILD ';

interface ProgressTask {
  status?: string;
  message?: string;
}

/**
 * DevTools' own compile (`getCompiledResult`, the project's settings from project.config.json: the
 * TypeScript plugin, Babel to ES5 with @babel/runtime helpers, the JSON checks), written to `outDir`.
 * In this process; miniprogram-ci leaves its compiler process running, so callers use devtoolsCompile().
 */
export async function compileInProcess(projectRoot: string, outDir: string): Promise<{ files: string[]; warnings: string[] }> {
  const offline = openOfflineProject(projectRoot);
  const warnings: string[] = [];
  try {
    const result = await ci.getCompiledResult({
      project: offline.project,
      version: '0.0.0',
      setting: { useProjectConfig: true },
      onProgressUpdate: (task: ProgressTask | string) => {
        if (typeof task === 'object' && task.status === 'warn' && task.message) warnings.push(task.message);
      },
    });
    const files = Object.keys(result).sort();
    for (const file of files) {
      const target = path.join(outDir, file);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, result[file] ?? '');
    }
    return { files, warnings };
  } finally {
    offline.dispose();
  }
}

function parseResult(stdout: string): { files: string[]; warnings: string[] } | null {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(RESULT_PREFIX));
  return line ? (JSON.parse(line.slice(RESULT_PREFIX.length)) as { files: string[]; warnings: string[] }) : null;
}

/** Runs compileInProcess in a child process (see devtools-compile-worker.ts) and waits for it to exit. */
export function devtoolsCompile(projectRoot: string, outDir: string): Promise<DevToolsBuild> {
  const started = Date.now();
  const worker = path.join(__dirname, 'devtools-compile-worker.ts');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', worker, projectRoot, outDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const result = parseResult(stdout);
      if (code !== 0 || !result) {
        reject(new Error(`DevTools' compile (miniprogram-ci getCompiledResult) of ${projectRoot} failed (exit ${code}):\n${stderr.trim() || stdout.trim()}`));
        return;
      }
      resolve({ dir: outDir, ...result, ms: Date.now() - started });
    });
  });
}

import * as fs from 'fs';
import * as path from 'path';
import { runCiJob } from './ci-process';
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

interface ProgressTask {
  status?: string;
  message?: string;
}

/**
 * DevTools' own compile (`getCompiledResult` with the settings of project.config.json: the TypeScript
 * plugin, Babel to ES5 with @babel/runtime helpers, the JSON checks), written to `outDir`. Runs in
 * ci-worker.ts (miniprogram-ci is required, not imported: see offline-project.ts).
 */
export async function compileInProcess(projectRoot: string, outDir: string): Promise<{ files: string[]; warnings: string[] }> {
  const ci = require('miniprogram-ci') as typeof import('miniprogram-ci');
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

/** DevTools' own compile of `projectRoot` into `outDir`, in a process of its own. */
export async function devtoolsCompile(projectRoot: string, outDir: string): Promise<DevToolsBuild> {
  const started = Date.now();
  const result = (await runCiJob('compile', [projectRoot, outDir])) as { files: string[]; warnings: string[] };
  return { dir: outDir, files: result.files, warnings: result.warnings, ms: Date.now() - started };
}

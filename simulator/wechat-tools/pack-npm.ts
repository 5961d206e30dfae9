import { runCiJob } from './ci-process';
import { openOfflineProject } from './offline-project';

/**
 * DevTools' 构建 npm (`packNpm`), offline: every package.json dependency of the mini-program root that has
 * a `miniprogram` field is copied from node_modules into miniprogram_npm. Runs in ci-worker.ts.
 */
export async function packNpmInProcess(projectRoot: string): Promise<{ warnings: string[] }> {
  const ci = require('miniprogram-ci') as typeof import('miniprogram-ci');
  const offline = openOfflineProject(projectRoot);
  try {
    const warnings = (await ci.packNpm(offline.project, { reporter: () => undefined })) as unknown;
    return { warnings: Array.isArray(warnings) ? warnings.map((warning) => JSON.stringify(warning)) : [] };
  } finally {
    offline.dispose();
  }
}

/** 构建 npm of `projectRoot` (the folder with project.config.json), in a process of its own. */
export async function packNpm(projectRoot: string): Promise<{ warnings: string[] }> {
  return (await runCiJob('pack-npm', [projectRoot])) as { warnings: string[] };
}

import { runCiJob } from './ci-process';
import { openOfflineProject } from './offline-project';

/** One item of DevTools' code-quality audit (代码质量): its name, whether it passed, and what it found. */
export interface QualityItem {
  readonly name: string;
  readonly success: boolean;
  readonly text: string;
  readonly detail: unknown;
  readonly docURL: string;
}

/** The audit (miniprogram-ci `checkCodeQuality`), offline; runs in ci-worker.ts (see devtools-compile.ts). */
export async function auditInProcess(projectRoot: string): Promise<QualityItem[]> {
  const ci = require('miniprogram-ci') as typeof import('miniprogram-ci');
  const offline = openOfflineProject(projectRoot);
  try {
    const items = await ci.checkCodeQuality(offline.project);
    return items.map((item) => ({
      name: String(item.name ?? ''),
      success: item.success === true,
      text: item.text ?? '',
      detail: item.detail ?? null,
      docURL: item.docURL ?? '',
    }));
  } finally {
    offline.dispose();
  }
}

/** DevTools' code-quality audit of `projectRoot`, in a process of its own. */
export async function checkCodeQuality(projectRoot: string): Promise<QualityItem[]> {
  return (await runCiJob('audit', [projectRoot])) as QualityItem[];
}

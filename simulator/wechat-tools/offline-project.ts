import { generateKeyPairSync } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Project } from 'miniprogram-ci';

/**
 * What WeChat's servers would answer for `project.attr()`: an ordinary, unreleased mini-program with the
 * public package limits. It is the only thing DevTools' compile and audit ask the network for.
 */
export const LOCAL_PROJECT_ATTR = {
  platform: false,
  appType: 0,
  isSandbox: false,
  released: false,
  setting: {
    MaxCodeSize: 2,
    MaxSubpackageSubCodeSize: 2,
    MaxSubpackageFullCodeSize: 20,
    NavigateMiniprogramLimit: 10,
    MaxSubPackageLimit: 100,
    MinTabbarCount: 2,
    MaxTabbarCount: 5,
    MaxCustomTabbarCount: 5,
    MaxTabbarIconSize: 40,
  },
} as const;

export interface OfflineProject {
  readonly project: Project;
  /** Removes the throwaway key. */
  dispose(): void;
}

function readAppId(projectRoot: string): string {
  const config = JSON.parse(fs.readFileSync(path.join(projectRoot, 'project.config.json'), 'utf8')) as { appid?: unknown };
  return typeof config.appid === 'string' ? config.appid : 'touristappid';
}

/**
 * A miniprogram-ci Project that works offline: the private key is only checked when the Project is built
 * (nothing offline signs with it), so a fresh throwaway RSA key serves; `attr()` answers locally.
 * miniprogram-ci is required on first use, not imported: loading it starts its services (ci-worker.ts only).
 */
export function openOfflineProject(projectRoot: string): OfflineProject {
  const ci = require('miniprogram-ci') as typeof import('miniprogram-ci');
  const keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-ci-key-'));
  const privateKeyPath = path.join(keyDir, 'private.key');
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  fs.writeFileSync(privateKeyPath, privateKey.export({ type: 'pkcs1', format: 'pem' }));
  const project = new ci.Project({
    projectPath: projectRoot,
    appid: readAppId(projectRoot),
    type: 'miniProgram',
    privateKeyPath,
    ignores: ['node_modules/**/*'],
  });
  project.attr = async () => LOCAL_PROJECT_ATTR;
  return { project, dispose: () => fs.rmSync(keyDir, { recursive: true, force: true }) };
}

/**
 * Debian's Chromium, headless, driven by puppeteer-core: never a downloaded browser. A fresh profile per
 * launch, removed on close; no network of its own (no background, component or sync traffic).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Browser, PuppeteerNode } from 'puppeteer-core';
import type * as NodeModule from 'module';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/** The layout engine cannot run on this machine; the message says what to install. */
export class LayoutUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LayoutUnavailableError';
  }
}

export interface RunningBrowser {
  readonly browser: Browser;
  close(): Promise<void>;
}

/**
 * puppeteer-core is an ES module. Node 20 can require() it, but jest's module registry cannot, so it is
 * loaded with Node's own require (through process.getBuiltinModule, which jest leaves alone).
 */
function loadPuppeteer(): PuppeteerNode {
  const builtin = (process as unknown as { getBuiltinModule(name: 'module'): typeof NodeModule }).getBuiltinModule('module');
  const loaded = builtin.createRequire(__filename)('puppeteer-core') as { default?: PuppeteerNode } & PuppeteerNode;
  return loaded.default ?? loaded;
}

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.CHROMIUM_PATH || DEFAULT_CHROMIUM;
}

export async function launchChromium(executablePath: string): Promise<RunningBrowser> {
  if (!fs.existsSync(executablePath)) {
    throw new LayoutUnavailableError(
      `layout needs Chromium, and there is none at ${executablePath}: install it with \`apt-get install chromium fonts-noto-cjk\` (or set CHROMIUM_PATH)`,
    );
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-layout-chromium-'));
  try {
    const browser = await loadPuppeteer().launch({
      executablePath,
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
      ],
    });
    return {
      browser,
      async close() {
        await browser.close();
        fs.rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (error) {
    fs.rmSync(profile, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Debian's Chromium, headless, driven by puppeteer-core: never a downloaded browser. A fresh profile per
 * launch, removed on close; no network of its own (no background, component or sync traffic).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import puppeteer, { type Browser } from 'puppeteer-core';

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
    const browser = await puppeteer.launch({
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

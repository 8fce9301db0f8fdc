import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (apt-get install chromium; .ci/browser-deps) — never a downloaded browser. */
export const CHROMIUM = process.env.QCR_CHROMIUM ?? '/usr/bin/chromium';

export interface BrowserSession {
  context: BrowserContext;
  /** a new tab per user: its own sessionStorage (the portal keeps sessions there), language reset to Chinese */
  newPage: () => Promise<{ page: Page }>;
  shot: (page: Page, name: string) => Promise<string>;
  screenshotDir: string;
  close: () => Promise<void>;
}

export async function launchChromium(baseURL: string): Promise<BrowserSession> {
  const profile = mkdtempSync(join(tmpdir(), 'qcr-chromium-'));
  // A persistent context is how Playwright takes our own fresh --user-data-dir (it refuses the flag in launch()).
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    baseURL,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  // Tabs share localStorage (the language choice): each new tab starts in the default language.
  await context.addInitScript({
    content: `if (!sessionStorage.getItem('qcr.test-tab')) { localStorage.clear(); sessionStorage.setItem('qcr.test-tab', '1'); }`,
  });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const screenshotDir = resolve('test/browser/screenshots', stamp);
  mkdirSync(screenshotDir, { recursive: true });
  let n = 0;
  return {
    context,
    screenshotDir,
    newPage: async () => {
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      return { page };
    },
    shot: async (page, name) => {
      n += 1;
      const file = join(screenshotDir, `${String(n).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Open an HTML report in headless Chromium (Debian's chromium via playwright-core). */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const CANDIDATES = [process.env.HANDOFF_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
/** The Chromium executable, or undefined (the browser tests are skipped then). */
export const chromiumExecutable = CANDIDATES.find((p): p is string => !!p && existsSync(p));
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Load `file` with network access blocked (the report must be self-contained), run `fn` on the page. */
export async function withPage<T>(file: string, fn: (page: Page, requests: string[]) => Promise<T>): Promise<T> {
  const profile = mkdtempSync(join(tmpdir(), 'handoff-cli-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromiumExecutable!, args: FLAGS, headless: true, viewport: { width: 1400, height: 1000 } });
  const requests: string[] = [];
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`file://${file}`);
    return await fn(page, requests);
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

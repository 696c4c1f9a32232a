/**
 * Headless Chromium for the modeler tests (playwright-core + Debian's chromium, as in
 * examples/tasklist-web): bundle a harness with esbuild and open it in a blank page with
 * bpmn-js's and the properties panel's stylesheets.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';

const require = createRequire(import.meta.url);
export const CHROMIUM = process.env.HANDOFF_CHROMIUM ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Bundle a harness file (browser, IIFE; workspace packages from source). */
export async function bundle(entry: string): Promise<string> {
  const out = await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'browser', target: 'es2020', conditions: ['@handoff/source'], logLevel: 'silent' });
  return out.outputFiles[0]!.text;
}

const css = () =>
  ['bpmn-js/dist/assets/diagram-js.css', 'bpmn-js/dist/assets/bpmn-js.css', 'bpmn-js/dist/assets/bpmn-font/css/bpmn.css', '@bpmn-io/properties-panel/dist/assets/properties-panel.css', 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css']
    .map((f) => readFileSync(require.resolve(f), 'utf8'))
    .join('\n');

export async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
}

/** A page with a canvas, a panel and the scripts, in order. */
export async function openPage(browser: Browser, scripts: string[]): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.setContent(`<!doctype html><html><head><style>${css()}
    body { margin: 0; font-family: sans-serif; display: flex; height: 100vh; }
    #canvas { flex: 1; } #panel { width: 380px; border-left: 1px solid #ccc; overflow: auto; }
  </style></head><body><div id="canvas"></div><div id="panel"></div></body></html>`);
  for (const s of scripts) await page.addScriptTag({ content: s });
  return { page, errors };
}

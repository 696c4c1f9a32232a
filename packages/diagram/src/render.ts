/// <reference lib="dom" />
/**
 * Render BPMN XML to SVG (and PNG) exactly as bpmn.io draws it: bpmn-js's navigated viewer
 * in headless Chromium (Debian's `chromium`, driven by playwright-core). Used for pack
 * READMEs and reports; never by the engine.
 *
 * @module
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

/** Where Chromium is looked for, in order (override with `HANDOFF_CHROMIUM`). */
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

/** Flags that keep Chromium quiet on a machine without internet (see ECOSYSTEM.md). */
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The Chromium executable, or an error that says how to get one. */
export function chromiumPath(): string {
  const found = [process.env.HANDOFF_CHROMIUM, ...CANDIDATES].find((p) => p && existsSync(p));
  if (!found) throw new Error('No Chromium found. Install it with `apt-get install -y chromium` (Debian), or set HANDOFF_CHROMIUM to a Chrome/Chromium executable.');
  return found;
}

/** A rendered diagram. */
export interface RenderedDiagram {
  svg: string;
  png: Buffer;
  /** bpmn-js import warnings (unknown elements and the like); empty for a clean file. */
  warnings: string[];
}

/**
 * Render BPMN XML.
 * @param options.scale device pixel ratio of the PNG (default 1.5)
 * @example
 * ```ts
 * const { svg, png } = await renderBpmn(readFileSync('flow.bpmn', 'utf8'));
 * ```
 */
export async function renderBpmn(xml: string, options: { scale?: number } = {}): Promise<RenderedDiagram> {
  const profile = mkdtempSync(join(tmpdir(), 'handoff-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: FLAGS,
    headless: true,
    viewport: { width: 2400, height: 1600 },
    deviceScaleFactor: options.scale ?? 1.5,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"><div id="canvas" style="width:2400px;height:1600px"></div></body></html>');
    await page.addScriptTag({ path: require.resolve('bpmn-js/dist/bpmn-navigated-viewer.production.min.js') });
    const result = await page.evaluate(async (source: string) => {
      const w = window as unknown as { BpmnJS: new (o: { container: string }) => any; viewer: any };
      w.viewer = new w.BpmnJS({ container: '#canvas' });
      let warnings: { message: string }[];
      try {
        ({ warnings } = await w.viewer.importXML(source));
      } catch (err) {
        return { error: (err as Error).message };
      }
      const { svg } = await w.viewer.saveSVG();
      return { svg, warnings: warnings.map((x: { message: string }) => x.message), inner: w.viewer.get('canvas').viewbox().inner };
    }, xml);
    if ('error' in result) {
      throw new Error(/no diagram to display/.test(result.error!) ? 'The BPMN file has no diagram interchange (DI): there is nothing to draw. Open it in a modeler (bpmn.io, Camunda Modeler) and save it, or lay it out by hand.' : `bpmn-js could not import the file: ${result.error}`);
    }
    // Size the page to the diagram, then fit and screenshot it.
    const pad = 20;
    const width = Math.min(Math.max(Math.ceil(result.inner.width + 2 * pad), 400), 4000);
    const height = Math.min(Math.max(Math.ceil(result.inner.height + 2 * pad), 300), 3000);
    await page.setViewportSize({ width, height });
    await page.evaluate(({ width, height }) => {
      const el = document.getElementById('canvas')!;
      el.style.width = `${width}px`;
      el.style.height = `${height}px`;
      const canvas = (window as unknown as { viewer: any }).viewer.get('canvas');
      canvas.resized();
      canvas.zoom('fit-viewport', 'auto');
    }, { width, height });
    const png = await page.screenshot({ fullPage: false, type: 'png' });
    return { svg: result.svg, png, warnings: result.warnings };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

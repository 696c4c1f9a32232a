/**
 * The page's script: `src/client/main.ts` with bpmn-js's `NavigatedViewer`, bundled by
 * esbuild in memory when the server starts (about a second; no build step, nothing written).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/** Static assets the server sends: path → content type and body. */
export type Assets = Map<string, { type: string; body: string | Buffer }>;

/** Bundle the client and collect the page, its styles and bpmn-js's stylesheets. */
export async function buildAssets(): Promise<Assets> {
  const out = await build({
    entryPoints: [new URL('./client/main.ts', import.meta.url).pathname],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const js = out.outputFiles[0]!.text;
  const pub = (name: string) => readFileSync(new URL(`../public/${name}`, import.meta.url));
  const bpmnAsset = (name: string) => readFileSync(require.resolve(`bpmn-js/dist/assets/${name}`));
  return new Map([
    ['/', { type: 'text/html; charset=utf-8', body: pub('index.html') }],
    ['/app.js', { type: 'text/javascript; charset=utf-8', body: js }],
    ['/style.css', { type: 'text/css; charset=utf-8', body: pub('style.css') }],
    ['/vendor/diagram-js.css', { type: 'text/css; charset=utf-8', body: bpmnAsset('diagram-js.css') }],
    ['/vendor/bpmn-js.css', { type: 'text/css; charset=utf-8', body: bpmnAsset('bpmn-js.css') }],
  ]);
}

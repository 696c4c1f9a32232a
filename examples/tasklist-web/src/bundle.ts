/**
 * The page's scripts, bundled by esbuild in memory when the server starts (no build step,
 * nothing written): `src/client/main.ts` (the tasklist, bpmn-js's `NavigatedViewer`) as
 * `/app.js`, and the designer (`src/client/designer.ts`: bpmn-js's Modeler, the properties
 * panel with @handoff/modeler's Handoff group) as `/designer.js`, which the page loads only
 * when the designer is opened. Workspace packages are bundled from source (`@handoff/source`).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { build, type Plugin } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * The page's Content-Security-Policy allows no style attributes in markup. The properties
 * panel's renderer (bpmn-js-properties-panel 5) creates its two containers from markup that
 * carries them (`<div style="height: 100%" …>`, `<div style="flex: none; height: auto" …>`),
 * which the browser refuses and reports. This build step drops those attributes (the same
 * rules are in public/style.css) and fails the build when the markup is not found, so an
 * upgrade of the library cannot bring a violation back unnoticed.
 */
const INLINE_STYLES: readonly [markup: string, style: string][] = [
  ['<div style="height: 100%" tabindex="-1" class="bio-properties-panel-container"></div>', ' style="height: 100%"'],
  ['<div style="flex: none; height: auto" class="bio-properties-panel bio-theme-parent bio-properties-panel-header-container"></div>', ' style="flex: none; height: auto"'],
];
const strictCsp: Plugin = {
  name: 'strict-csp',
  setup(b) {
    b.onLoad({ filter: /bpmn-js-properties-panel[\\/]dist[\\/]index\.esm\.js$/ }, async (args) => {
      let text = readFileSync(args.path, 'utf8');
      for (const [markup, style] of INLINE_STYLES) {
        if (!text.includes(markup)) throw new Error(`strict-csp: ${args.path} no longer creates ${markup}; check it for inline styles and update src/bundle.ts.`);
        text = text.replace(markup, markup.replace(style, ''));
      }
      return { contents: text, loader: 'js' };
    });
  },
};

/** Static assets the server sends: path → content type and body. */
export type Assets = Map<string, { type: string; body: string | Buffer }>;

/** Bundle the client and collect the page, its styles and bpmn-js's stylesheets. */
export async function buildAssets(): Promise<Assets> {
  const bundle = async (entry: string) => {
    const out = await build({
      entryPoints: [new URL(entry, import.meta.url).pathname],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      conditions: ['@handoff/source'],
      plugins: [strictCsp],
      minify: true,
      sourcemap: false,
      legalComments: 'none',
      logLevel: 'silent',
    });
    return out.outputFiles[0]!.text;
  };
  const [js, designer] = await Promise.all([bundle('./client/main.ts'), bundle('./client/designer.ts')]);
  const pub = (name: string) => readFileSync(new URL(`../public/${name}`, import.meta.url));
  const bpmnAsset = (name: string) => readFileSync(require.resolve(`bpmn-js/dist/assets/${name}`));
  const css = 'text/css; charset=utf-8';
  return new Map([
    ['/', { type: 'text/html; charset=utf-8', body: pub('index.html') }],
    ['/app.js', { type: 'text/javascript; charset=utf-8', body: js }],
    ['/designer.js', { type: 'text/javascript; charset=utf-8', body: designer }],
    ['/style.css', { type: css, body: pub('style.css') }],
    ['/vendor/diagram-js.css', { type: css, body: bpmnAsset('diagram-js.css') }],
    ['/vendor/bpmn-js.css', { type: css, body: bpmnAsset('bpmn-js.css') }],
    // the Modeler's palette and context pad icons: the font's stylesheet loads ../font/bpmn.woff2
    ['/vendor/bpmn-font/css/bpmn.css', { type: css, body: bpmnAsset('bpmn-font/css/bpmn.css') }],
    ['/vendor/bpmn-font/font/bpmn.woff2', { type: 'font/woff2', body: bpmnAsset('bpmn-font/font/bpmn.woff2') }],
    ['/vendor/bpmn-font/font/bpmn.woff', { type: 'font/woff', body: bpmnAsset('bpmn-font/font/bpmn.woff') }],
    ['/vendor/bpmn-font/font/bpmn.ttf', { type: 'font/ttf', body: bpmnAsset('bpmn-font/font/bpmn.ttf') }],
    ['/vendor/properties-panel.css', { type: css, body: readFileSync(require.resolve('@bpmn-io/properties-panel/dist/assets/properties-panel.css')) }],
  ]);
}

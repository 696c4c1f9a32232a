/**
 * Build the Camunda Modeler plugin's client bundle (`camunda-modeler-plugin/dist/client.js`)
 * with esbuild. The properties-panel libraries are the Modeler's own copies (one preact for
 * the whole panel): they are aliased to `camunda-modeler-plugin-helpers/vendor/*`, which read
 * `window.vendor.propertiesPanel` at run time. Run: `pnpm --filter @handoff/modeler build`.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);
const PLUGIN_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../camunda-modeler-plugin');
const vendor = (path: string) => require.resolve(`camunda-modeler-plugin-helpers/vendor/${path}`);

/** The Camunda Modeler plugin bundle as text; written to `camunda-modeler-plugin/dist/client.js` when `write`. */
export async function buildPluginBundle(options: { write?: boolean } = {}): Promise<string> {
  const out = await build({
    entryPoints: [join(PLUGIN_DIR, 'client/client.js')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    conditions: ['@handoff/source'],
    alias: {
      '@bpmn-io/properties-panel/preact/hooks': vendor('@bpmn-io/properties-panel/preact/hooks.js'),
      '@bpmn-io/properties-panel/preact': vendor('@bpmn-io/properties-panel/preact/index.js'),
      '@bpmn-io/properties-panel': vendor('@bpmn-io/properties-panel/index.js'),
      'bpmn-js-properties-panel': vendor('bpmn-js-properties-panel.js'),
    },
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const js = out.outputFiles[0]!.text;
  if (options.write) {
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(PLUGIN_DIR, 'dist'), { recursive: true });
    writeFileSync(join(PLUGIN_DIR, 'dist/client.js'), js);
  }
  return js;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  buildPluginBundle({ write: true }).then((js) => console.log(`camunda-modeler-plugin/dist/client.js: ${(js.length / 1024).toFixed(0)} KB`));
}

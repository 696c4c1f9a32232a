import { defineConfig } from 'tsup';

// Two entries. The main one is Node-safe (ESM and CommonJS; `shims` gives the CommonJS build
// its import.meta.url, from which the template and plugin paths are found). The properties
// panel is ESM only: bpmn-js and the panel libraries are ESM packages for bundlers. The
// engine's handoff.json is bundled into both (Node needs an import attribute for JSON).
export default defineConfig([
  {
    entry: ['src/index.ts', 'src/lint.ts'],
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: false,
    shims: true,
    target: 'node20',
    noExternal: ['@handoff/engine/moddle/handoff.json'],
  },
  {
    entry: { 'properties-panel': 'src/properties-panel.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    noExternal: ['@handoff/engine/moddle/handoff.json'],
  },
]);

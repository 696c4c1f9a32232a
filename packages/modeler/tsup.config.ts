import { defineConfig } from 'tsup';

// ESM only: bpmn-js and the properties panel are ESM packages for bundlers. The engine's
// handoff.json is bundled (Node needs an import attribute for JSON; bundlers do not care).
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  noExternal: ['@handoff/engine/moddle/handoff.json'],
});

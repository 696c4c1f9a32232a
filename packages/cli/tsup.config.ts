import { defineConfig } from 'tsup';

// The library (`index`) ships ESM and CJS; the `handoff` binary is `dist/cli.js` (ESM).
// shims: import.meta.url in the CJS build (bpmn-js's bundle and bpmnlint are found through
// createRequire relative to the module).
// feelin is bundled, as in @handoff/engine: the lint checks FEEL with the patched
// `compileExpression` (docs/decisions/0002-feel-compile-once.md), which npm's feelin lacks.
export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  shims: true,
  noExternal: ['feelin'],
});

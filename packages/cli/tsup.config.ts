import { defineConfig } from 'tsup';

// The library (`index`) ships ESM and CJS; the `handoff` binary is `dist/cli.js` (ESM).
// shims: import.meta.url in the CJS build (bpmn-js's bundle and bpmnlint are found through
// createRequire relative to the module).
export default defineConfig({ entry: ['src/index.ts', 'src/cli.ts'], format: ['esm', 'cjs'], dts: { entry: 'src/index.ts' }, sourcemap: true, clean: true, target: 'node20', shims: true });

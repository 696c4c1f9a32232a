import { defineConfig } from 'tsup';

// The library ships ESM and CJS; the `handoff-render` binary is `dist/cli.js` (ESM).
// shims: import.meta.url in the CJS build (bpmn-js's bundle is found through createRequire).
export default defineConfig({ entry: ['src/index.ts', 'src/cli.ts'], format: ['esm', 'cjs'], dts: { entry: 'src/index.ts' }, sourcemap: true, clean: true, target: 'node20', shims: true });

import { defineConfig } from 'tsup';

// shims: import.meta.url in the CJS build (the pack reads its BPMN file relative to the module).
export default defineConfig({ entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, sourcemap: true, clean: true, target: 'node20', shims: true });

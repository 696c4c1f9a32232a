import { defineConfig } from 'tsup';

// ESM only: the CLI reads bpmn-js's bundle and its own files relative to import.meta.url.
export default defineConfig({ entry: ['src/index.ts', 'src/cli.ts'], format: ['esm'], dts: { entry: 'src/index.ts' }, sourcemap: true, clean: true, target: 'node20' });

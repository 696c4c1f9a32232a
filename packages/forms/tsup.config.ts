import { defineConfig } from 'tsup';

// zod is a peer dependency (external): the packs compose these schemas with their own zod.
export default defineConfig({ entry: ['src/index.ts'], format: ['esm', 'cjs'], dts: true, sourcemap: true, clean: true, target: 'node20' });

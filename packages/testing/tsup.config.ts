import { defineConfig } from 'tsup';

// JSON (the handoff and zeebe moddle descriptors) is inlined: Node 20 refuses a JSON import
// without `with { type: 'json' }`, which esbuild drops from external imports.
// `contract` is its own entry: the only one that imports vitest (a peer dependency).
export default defineConfig({
  entry: ['src/index.ts', 'src/contract.ts', 'src/random.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  noExternal: [/\.json$/],
  // import.meta.url in the CJS build (bpmnlint is loaded through createRequire).
  shims: true,
});

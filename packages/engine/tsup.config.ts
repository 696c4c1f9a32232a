import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // feelin is patched (compileExpression: parse once, evaluate many times) and must ship
  // with the patch, so it is bundled; see docs/decisions/0002-feel-compile-once.md.
  // The camunda / zeebe moddle descriptors are JSON: bundled, so the ESM build needs no
  // JSON import attributes at run time.
  noExternal: ['feelin', 'camunda-bpmn-moddle', 'zeebe-bpmn-moddle'],
});

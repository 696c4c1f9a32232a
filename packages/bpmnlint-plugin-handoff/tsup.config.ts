import { defineConfig } from 'tsup';

// bpmnlint's NodeResolver `require`s `bpmnlint-plugin-handoff` (for `configs`) and
// `bpmnlint-plugin-handoff/rules/<name>` (each module *is* the rule factory), so every rule
// is its own entry and the CommonJS build exports the factory itself (cjsInterop).
export default defineConfig({
  entry: ['src/index.ts', 'src/rules/deployable.ts', 'src/rules/user-task-role.ts', 'src/rules/no-busy-cycle.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  cjsInterop: true,
  splitting: true,
});

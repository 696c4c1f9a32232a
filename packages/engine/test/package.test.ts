/**
 * The published shape: tsup builds ESM and CJS bundles that load in plain Node (no
 * TypeScript, no workspace source condition) and run a process. The type declarations are
 * built by `pnpm build` (slow, so not here); `pnpm typecheck` covers the types.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './support';

const root = join(import.meta.dirname, '..');
let out: string;

beforeAll(() => {
  // Inside the package, so the bundles resolve their dependencies from its node_modules.
  out = mkdtempSync(join(root, '.build-test-'));
  execFileSync(process.execPath, [join(root, 'node_modules/tsup/dist/cli-default.js'), '--no-dts', '--no-sourcemap', '--out-dir', out], { cwd: root, stdio: 'pipe' });
}, 120_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

const script = (entry: string, load: string) => `
${load}
const xml = ${JSON.stringify(fixture('order-lanes.bpmn'))};
(async () => {
  const { createEngine, virtualClock, sequentialIds } = lib;
  const clock = virtualClock('2026-03-02T09:00:00+08:00');
  const engine = createEngine({ clock, ids: sequentialIds() });
  await engine.deploy({ bpmn: xml });
  const inst = await engine.start('order', {});
  const [task] = await engine.tasks.query({ instanceId: inst.id });
  await engine.tasks.complete(task.id, { id: 'ana', roles: ['sales'] }, { approved: false });
  console.log(JSON.stringify({ status: (await engine.instances.get(inst.id)).status, entry: ${JSON.stringify(entry)} }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

describe('Feature: the built package', () => {
  it('Scenario: the ESM bundle loads in plain Node and runs a process', () => {
    const file = join(out, 'check.mjs');
    writeFileSync(file, script('esm', `import * as lib from ${JSON.stringify(join(out, 'index.js'))};`));
    expect(JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }))).toEqual({ status: 'completed', entry: 'esm' });
  });

  it('Scenario: the CJS bundle loads with require() and runs a process', () => {
    const file = join(out, 'check.cjs');
    writeFileSync(file, script('cjs', `const lib = require(${JSON.stringify(join(out, 'index.cjs'))});`));
    expect(JSON.parse(execFileSync(process.execPath, [file], { encoding: 'utf8' }))).toEqual({ status: 'completed', entry: 'cjs' });
  });
});

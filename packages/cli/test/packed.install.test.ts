/**
 * The packed-install test: every published package works from its npm tarball outside the
 * workspace, in plain Node 20 (ESM and CommonJS), with only its declared dependencies.
 *
 * It builds every package (tsup), packs each with `pnpm pack`, installs the tarballs with
 * `npm install` in an empty temp folder outside the workspace, then imports every entry
 * point, compiles a strict TypeScript consumer against the shipped declarations, runs the
 * `handoff` binary (`--help`, `validate`, `simulate hall-walk-routes`),
 * the engine's and the hall pack's README examples against the installed packages, and
 * bpmnlint 11's CLI (from npm) with `bpmnlint-plugin-handoff` from its tarball.
 *
 * Runs when `CI` is set (`.ci/run` sets `CI=1`) or with `HANDOFF_PACKED=1`; skipped with a
 * notice otherwise, so a quick `pnpm test` stays fast. Measured on this 2-core machine:
 * ~2 min of CPU (most of it tsup's .d.ts builds, then ~15 s of tsc) and 4.6–4.8 min of wall
 * time while six other agents loaded it (load average ~14: build 187 s, pack 7 s, npm install
 * 22 s, checks ~60 s); idle, expect ~2.5 min (the build alone took 50 s at low load). It also needs the npm registry. vitest runs one test file at a time on 2 cores, so in CI it adds its wall time
 * to the run. Alone: `HANDOFF_PACKED=1 npx vitest run packages/cli/test/packed.install.test.ts`.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tsBlocks } from '../../engine/test/readmeExamples';
import { bareImports, buildAndPack, distFiles, entryPoints, installTarballs, publishedPackages, ROOT, run, type Run } from './packed';

const enabled = process.env.HANDOFF_PACKED === '1' || (!!process.env.CI && process.env.CI !== 'false' && process.env.HANDOFF_PACKED !== '0');
if (!enabled) console.log('packed-install test skipped: set HANDOFF_PACKED=1 (or CI=1) to build, pack and install every package (~2–5 min)');

const published = publishedPackages();
/** Where the tarballs are installed: an empty folder outside the workspace. */
let work = '';
let app = '';
let tarballs: string[] = [];
const installed = (name: string) => join(app, 'node_modules', name);
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
const node = (args: string[], timeout?: number) => run(process.execPath, args, app, timeout);
const explain = (r: Run) => `exit ${r.code}\n--- stdout\n${r.stdout.slice(-3000)}\n--- stderr\n${r.stderr.slice(-3000)}`;

/** The first ```ts block of a README, as JavaScript (types stripped by the TypeScript compiler). */
function readmeExample(readme: string): string {
  const code = tsBlocks(readFileSync(join(ROOT, readme), 'utf8'))[0];
  if (!code) throw new Error(`${readme} has no \`\`\`ts block`);
  return ts.transpileModule(code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
}

/** A TypeScript consumer of every package; the @ts-expect-error line proves the types are not `any`. */
const CONSUMER = `import { createEngine, virtualClock, type TaskRecord } from '@handoff/engine';
import { postgresStore } from '@handoff/store-postgres';
import { simulate, type SimulationSummary } from '@handoff/simulator';
import { seededRandom } from '@handoff/simulator/random';
import { createTestEngine } from '@handoff/testing';
import { renderBpmn } from '@handoff/diagram';
import { form, oneOf, text } from '@handoff/forms';
import { main } from '@handoff/cli';
import { createHallPack } from '@handoff/pack-hall-walk-routes';
import { createBroadbandPack } from '@handoff/pack-broadband-field-sales';
import { createGroupOpportunityPack } from '@handoff/pack-group-opportunity-transfer';
import { createRetentionPack } from '@handoff/pack-retention-win-back';
import { createHotlineMarketingPack } from '@handoff/pack-hotline-service-marketing';
import { camundaModelerPluginDir, elementTemplates, moddleDescriptor } from '@handoff/modeler';
export const templateIds: string[] = elementTemplates('camunda8').map((t) => t.template.id);
export const pluginDir: string = camundaModelerPluginDir;
export const prefix: string = moddleDescriptor.prefix;
const engine = createEngine({ clock: virtualClock('2026-03-02T09:00:00+08:00'), store: postgresStore({ dataDir: './data' }) });
export const tasks: TaskRecord[] = await engine.tasks.query({ role: 'hotline' });
export const n: number = seededRandom(1).next();
export const visit: { customer: string; kind: 'lead' | 'deal' } = form('the visit', { customer: text('customer', 'a name'), kind: oneOf('kind', ['lead', 'deal'] as const) }).parse({ customer: 'Li', kind: 'lead' });
export const later: Promise<SimulationSummary> | undefined = undefined;
export { simulate, createTestEngine, renderBpmn, main, createHallPack, createBroadbandPack, createGroupOpportunityPack, createRetentionPack, createHotlineMarketingPack };
// @ts-expect-error a clock must be a Clock
createEngine({ clock: 42 });
`;

describe.skipIf(!enabled)('Feature: every published package installs from its tarball and runs in plain Node', () => {
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'handoff-packed-'));
    if (work.startsWith(ROOT)) throw new Error(`the temp folder ${work} is inside the workspace`);
    app = join(work, 'app');
    mkdirSync(app);
    // `pnpm -r pack` packs private workspace packages too: only the published ones are installed
    const tarballName = (p: { name: string; version: string }) => `${p.name.replace(/^@/, '').replace('/', '-')}-${p.version}.tgz`;
    const publishedTarballs = new Set(published.map(tarballName));
    tarballs = buildAndPack(join(work, 'tarballs')).filter((t) => publishedTarballs.has(t.slice(t.lastIndexOf('/') + 1)));
    expect(tarballs.length).toBe(published.length);
    installTarballs(app, tarballs);
  }, 900_000);
  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  }, 120_000); // two installed node_modules trees: removing them took over 10 s under load

  it('Scenario: the packages are the published ones, in one version', () => {
    expect(published.map((p) => p.name).sort()).toEqual([
      '@handoff/cli',
      '@handoff/diagram',
      '@handoff/engine',
      '@handoff/forms',
      '@handoff/modeler',
      '@handoff/pack-broadband-field-sales',
      '@handoff/pack-group-opportunity-transfer',
      '@handoff/pack-hall-walk-routes',
      '@handoff/pack-hotline-service-marketing',
      '@handoff/pack-retention-win-back',
      '@handoff/simulator',
      '@handoff/store-postgres',
      '@handoff/testing',
      'bpmnlint-plugin-handoff',
    ]);
    expect(new Set(published.map((p) => p.version)).size).toBe(1);
  });

  describe.each(published)('$name', ({ name, dir, version }) => {
    it('Scenario: the packed package.json carries what a user expects, with real versions for workspace ranges', () => {
      const p = readJson(join(installed(name), 'package.json'));
      expect(p.version).toBe(version);
      expect(p.license).toBe('MIT');
      expect(p.engines).toEqual({ node: '>=20.19' });
      expect(p.repository).toMatchObject({ type: 'git', directory: dir });
      expect(p.keywords.length).toBeGreaterThan(2);
      expect(p.description.length).toBeGreaterThan(20);
      for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md']) expect(existsSync(join(installed(name), file)), file).toBe(true);
      for (const field of ['dependencies', 'peerDependencies', 'devDependencies']) {
        for (const [dep, range] of Object.entries<string>(p[field] ?? {})) {
          expect(range, `${field}.${dep}`).not.toMatch(/^workspace:/);
          if (dep.startsWith('@handoff/') && field === 'dependencies') expect(range, `${field}.${dep}`).toBe(version);
        }
      }
      // exports: `types` first in every condition object, and every target is in the tarball
      const walk = (node: unknown, path: string): void => {
        if (typeof node === 'string') {
          if (!path.includes('@handoff/source') && !node.includes('*')) expect(existsSync(join(installed(name), node)), `${path} → ${node}`).toBe(true);
          return;
        }
        const keys = Object.keys(node as object);
        if (keys.includes('types')) expect(keys[0], `${path}: types first`).toBe('types');
        for (const k of keys) walk((node as Record<string, unknown>)[k], `${path}.${k}`);
      };
      walk(p.exports, 'exports');
      for (const bin of Object.values<string>(p.bin ?? {})) expect(existsSync(join(installed(name), bin)), bin).toBe(true);
    });

    it('Scenario: the built code imports nothing it does not declare', () => {
      const p = readJson(join(installed(name), 'package.json'));
      const declared = new Set([name, ...Object.keys(p.dependencies ?? {}), ...Object.keys(p.peerDependencies ?? {})]);
      const undeclared: string[] = [];
      for (const file of distFiles(installed(name))) {
        for (const dep of bareImports(readFileSync(file, 'utf8'))) if (!declared.has(dep)) undeclared.push(`${file.slice(installed(name).length + 1)}: ${dep}`);
      }
      expect(undeclared).toEqual([]);
    });

    it('Scenario: every entry point imports in ESM and in CommonJS, with the same names', () => {
      const p = readJson(join(installed(name), 'package.json'));
      for (const entry of entryPoints(name, p.exports)) {
        if (entry === '@handoff/testing/contract') continue; // needs the vitest peer: the next scenario
        if (entry === '@handoff/modeler/properties-panel') continue; // for bundlers (ESM bpmn-js peers): its own scenario below
        const json = entry.endsWith('.json');
        const esm = node(['--input-type=module', '-e', `const m = await import(${JSON.stringify(entry)}${json ? ", { with: { type: 'json' } }" : ''}); console.log(JSON.stringify(Object.keys(${json ? 'm.default' : 'm'}).sort()))`]);
        expect(esm.code, `import ${entry}: ${explain(esm)}`).toBe(0);
        const cjs = node(['-e', `const m = require(${JSON.stringify(entry)}); console.log(JSON.stringify(Object.keys(m).filter((k) => k !== '__esModule').sort()))`]);
        expect(cjs.code, `require ${entry}: ${explain(cjs)}`).toBe(0);
        const esmNames = (JSON.parse(esm.stdout) as string[]).filter((k) => k !== 'default' || json);
        expect(esmNames.length, entry).toBeGreaterThan(0);
        expect(JSON.parse(cjs.stdout), `${entry}: CommonJS and ESM export the same names`).toEqual(esmNames);
      }
    }, 120_000);
  });

  it('Scenario: @handoff/testing needs no test runner; only @handoff/testing/contract needs its vitest peer', () => {
    expect(existsSync(installed('vitest'))).toBe(false);
    const root = node(['--input-type=module', '-e', "const { createTestEngine, simulate, lintBpmn } = await import('@handoff/testing'); const t = await createTestEngine(); console.log(typeof simulate, typeof lintBpmn, t.clock.now()); await t.close()"]);
    expect(root.code, explain(root)).toBe(0);
    expect(root.stdout).toMatch(/^function function \d+/);
    const contract = node(['--input-type=module', '-e', "await import('@handoff/testing/contract')"]);
    expect(contract.code).not.toBe(0);
    expect(contract.stderr).toMatch(/Cannot find package 'vitest'/);
  });

  it('Scenario: a strict TypeScript consumer (nodenext) gets real types from the shipped declarations', () => {
    // given: a consumer using each package's main entry, and a wrong call that must not type-check
    writeFileSync(join(app, 'consumer.mts'), CONSUMER);
    // when: the workspace's TypeScript compiles it against the installed packages (@types/node from the workspace)
    const tsc = node([join(ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--typeRoots', join(ROOT, 'node_modules/@types'), 'consumer.mts'], 180_000);
    // then: no error in the consumer or in our declarations (third-party declarations, e.g. PGlite's, are not ours to judge)
    expect(tsc.stderr).toBe('');
    const ours = tsc.stdout.split('\n').filter((l) => /error TS/.test(l) && /^(consumer\.mts|node_modules\/@handoff\/)/.test(l));
    expect(ours).toEqual([]);
  }, 200_000);

  it('Scenario: the packs load the simulator at run time, not the test kit', () => {
    for (const pack of published.filter((p) => p.dir.startsWith('process-packs/'))) {
      const deps = Object.keys(readJson(join(installed(pack.name), 'package.json')).dependencies ?? {});
      expect(deps, pack.name).toContain('@handoff/simulator');
      expect(deps, pack.name).not.toContain('@handoff/testing');
    }
  });

  it('Scenario: the installed handoff binary prints its help, validates a pack file and simulates a hall day', () => {
    const bin = join(app, 'node_modules/.bin/handoff');
    const help = run(bin, ['--help'], app);
    expect(help.code, explain(help)).toBe(0);
    expect(help.stdout).toMatch(/usage: handoff <command>/);
    for (const command of ['validate', 'lint', 'simulate', 'report', 'demo']) expect(help.stdout).toContain(command);

    const bpmn = join(app, 'node_modules/@handoff/pack-hall-walk-routes/bpmn/hall-walk-routes.bpmn');
    const validate = run(bin, ['validate', bpmn], app);
    expect(validate.code, explain(validate)).toBe(0);
    expect(validate.stdout).toMatch(/ok\s+.*hall-walk-routes\.bpmn\s+\(1 process: hallWalkRoutes\)/);

    const simulate = run(bin, ['simulate', 'hall-walk-routes'], app, 180_000);
    expect(simulate.code, explain(simulate)).toBe(0);
    expect(simulate.stdout).toMatch(/Counter queue \(ticket → call\): \d+ tickets/);
    expect(simulate.stdout).toContain('allAtCounter');
    expect(simulate.stdout).toContain('greetersDivert');
  }, 200_000);

  it('Scenario: the installed handoff-render binary starts (usage without a file)', () => {
    const render = run(join(app, 'node_modules/.bin/handoff-render'), [], app);
    expect(render.code, explain(render)).toBe(2);
    expect(render.stderr).toContain('usage: handoff-render <file.bpmn>');
  });

  it('Scenario: bpmnlint 11 from npm loads bpmnlint-plugin-handoff from its tarball via .bpmnlintrc and fails a file deploy would refuse', () => {
    // given: an empty folder outside the workspace with bpmnlint 11 from npm and the plugin's (and engine's) tarballs
    const lintApp = join(work, 'lint-app');
    mkdirSync(lintApp);
    const tarball = (name: string) => tarballs.find((t) => t.endsWith(`/${name}-${published[0]!.version}.tgz`))!;
    writeFileSync(join(lintApp, 'package.json'), JSON.stringify({ name: 'bpmnlint-check', private: true, version: '0.0.0' }));
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'bpmnlint@11', tarball('handoff-engine'), tarball('bpmnlint-plugin-handoff')], lintApp, 300_000);
    expect(install.code, explain(install)).toBe(0);
    writeFileSync(join(lintApp, '.bpmnlintrc'), JSON.stringify({ extends: ['plugin:handoff/recommended'], moddleExtensions: { handoff: '@handoff/engine/moddle/handoff.json' } }));
    const flow = (condition: string) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:handoff="http://handoff.dev/schema/bpmn/1.0" id="defs" targetNamespace="http://handoff.dev/test">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f0</bpmn:outgoing></bpmn:startEvent>
    <bpmn:exclusiveGateway id="gw" default="other"><bpmn:incoming>f0</bpmn:incoming><bpmn:outgoing>big</bpmn:outgoing><bpmn:outgoing>other</bpmn:outgoing></bpmn:exclusiveGateway>
    <bpmn:userTask id="review"><bpmn:incoming>big</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing></bpmn:userTask>
    <bpmn:boundaryEvent id="late" attachedToRef="review" cancelActivity="false" handoff:sla="review"><bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT30M</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:endEvent id="done"><bpmn:incoming>f2</bpmn:incoming><bpmn:incoming>other</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f0" sourceRef="start" targetRef="gw" />
    <bpmn:sequenceFlow id="big" sourceRef="gw" targetRef="review"><bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${condition}</bpmn:conditionExpression></bpmn:sequenceFlow>
    <bpmn:sequenceFlow id="other" sourceRef="gw" targetRef="done" />
    <bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="done" />
  </bpmn:process>
</bpmn:definitions>
`;
    writeFileSync(join(lintApp, 'bad.bpmn'), flow('=a &gt; &gt; 3'));
    writeFileSync(join(lintApp, 'good.bpmn'), flow('=a &gt; 3'));
    const bpmnlint = join(lintApp, 'node_modules/.bin/bpmnlint');
    // when / then: the bad file fails, naming the rule and the element; the good one passes (its role-less task is a warning)
    const bad = run(bpmnlint, ['bad.bpmn'], lintApp);
    expect(bad.code, explain(bad)).not.toBe(0);
    expect(bad.stdout).toMatch(/big\s+error\s+condition: FEEL expression 'a > > 3'.*handoff\/deployable/);
    const good = run(bpmnlint, ['good.bpmn'], lintApp);
    expect(good.code, explain(good)).toBe(0);
    expect(good.stdout).toMatch(/review\s+warning\s+User task has no role.*handoff\/user-task-role/);
  }, 400_000);

  it('Scenario: @handoff/modeler gives Node the descriptor, the templates and the plugin folder; its properties panel bundles for the browser', () => {
    // given: the Node-safe main entry, in ESM and CommonJS
    const script = (load: string) => `${load}; const fs = require('node:fs'); const path = require('node:path');
      console.log(JSON.stringify({ prefix: m.moddleDescriptor.prefix, c7: m.elementTemplates('camunda7').map((t) => t.template.id), c8: m.elementTemplates('camunda8').length,
        plugin: fs.readdirSync(m.camundaModelerPluginDir).sort(), client: fs.statSync(path.join(m.camundaModelerPluginDir, 'dist/client.js')).size > 100000 }))`;
    const esm = node(['--input-type=module', '-e', script("import { createRequire } from 'node:module'; const require = createRequire(import.meta.url); const m = await import('@handoff/modeler')")]);
    const cjs = node(['-e', script("const m = require('@handoff/modeler')")]);
    for (const r of [esm, cjs]) {
      expect(r.code, explain(r)).toBe(0);
      expect(JSON.parse(r.stdout)).toEqual({ prefix: 'handoff', c7: ['dev.handoff.sla-boundary-timer', 'dev.handoff.sla-user-task'], c8: 2, plugin: ['calendars.json', 'dist', 'index.js'], client: true });
    }
    // when: a web app installs the tarballs with bpmn-js and the panel (the optional peers) and bundles the provider with esbuild
    const webApp = join(work, 'web-app');
    mkdirSync(webApp);
    writeFileSync(join(webApp, 'package.json'), JSON.stringify({ name: 'modeler-web-check', private: true, version: '0.0.0', type: 'module' }));
    const tarball = (name: string) => tarballs.find((t) => t.endsWith(`/${name}-${published[0]!.version}.tgz`))!;
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', 'bpmn-js@18', 'bpmn-js-properties-panel@5', '@bpmn-io/properties-panel@3', tarball('handoff-engine'), tarball('bpmnlint-plugin-handoff'), tarball('handoff-modeler')], webApp, 300_000);
    expect(install.code, explain(install)).toBe(0);
    writeFileSync(join(webApp, 'app.js'), `import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { HandoffPropertiesProviderModule, moddleDescriptor } from '@handoff/modeler/properties-panel';
window.modeler = new Modeler({ additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, HandoffPropertiesProviderModule], moddleExtensions: { handoff: moddleDescriptor } });
`);
    const esbuild = createRequire(join(ROOT, 'packages/modeler/package.json')).resolve('esbuild/bin/esbuild');
    const bundled = run(process.execPath, [esbuild, 'app.js', '--bundle', '--platform=browser', '--format=esm', '--outfile=out.js', '--log-level=error'], webApp, 120_000);
    // then: it bundles, with the provider and the descriptor in the output
    expect(bundled.code, explain(bundled)).toBe(0);
    const out = readFileSync(join(webApp, 'out.js'), 'utf8');
    expect(out).toContain('handoffPropertiesProvider');
    expect(out).toContain('http://handoff.dev/schema/bpmn/1.0');
  }, 400_000);

  it("Scenario: the engine README's example runs against the installed packages", () => {
    // given: the example reads examples/quickstart/callback.bpmn relative to where it runs
    mkdirSync(join(app, 'examples/quickstart'), { recursive: true });
    cpSync(join(ROOT, 'examples/quickstart/callback.bpmn'), join(app, 'examples/quickstart/callback.bpmn'));
    writeFileSync(join(app, 'engine-readme.mjs'), readmeExample('packages/engine/README.md'));
    // when
    const out = node(['engine-readme.mjs']);
    // then
    expect(out.code, explain(out)).toBe(0);
    expect(out.stdout).toContain('Report the sale for role fieldSales');
    expect(out.stdout).toContain('Call the customer back for role hotline');
    expect(out.stdout).toContain("'timer.fired'");
  });

  it("Scenario: the hall pack README's embedding example runs against the installed packages", () => {
    writeFileSync(join(app, 'hall-readme.mjs'), readmeExample('process-packs/hall-walk-routes/README.md'));
    const out = node(['hall-readme.mjs']);
    expect(out.code, explain(out)).toBe(0);
    expect(out.stdout.split('\n').slice(0, 4)).toEqual([
      'ticket A001 to the counter',
      'greeter, please attend ticket A002 (waiting 7 min)',
      'duty manager: ticket A002 waited 10 min, opening a counter',
      'ticket A002 to the counter',
    ]);
    expect(out.stdout).toContain('capacity: 2');
  });
});

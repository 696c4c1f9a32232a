/** Feature: `handoff migrate --plan plan.json [--dry-run]` on a PGlite data directory. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, sequentialIds, virtualClock } from '@handoff/engine';
import { postgresStore } from '@handoff/store-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferIo } from '../src/io';
import { main } from '../src/main';
import { parsePlanFile } from '../src/migrate/planFile';

const root = mkdtempSync(join(tmpdir(), 'handoff-cli-migrate-'));
const data = join(root, 'data');
afterAll(() => rmSync(root, { recursive: true, force: true }));
const bpmn = (name: string) => readFileSync(new URL(`../../engine/test/fixtures/migration/${name}`, import.meta.url), 'utf8');
const NOW = '2026-03-02T10:00:00Z';
let ids: string[] = [];

/** Open the store and read each instance's version and active elements. */
async function stored(): Promise<{ version: number; elements: string[] }[]> {
  const store = postgresStore({ dataDir: data });
  const engine = createEngine({ store, clock: virtualClock(NOW) });
  try {
    return await Promise.all(ids.map(async (id) => {
      const i = (await engine.instances.get(id))!;
      return { version: i.processVersion, elements: i.activeElements };
    }));
  } finally {
    await engine.close();
    await store.close();
  }
}

async function run(args: string[]) {
  const io = bufferIo({ cwd: root });
  const code = await main(['migrate', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

function plan(name: string, body: unknown): string {
  writeFileSync(join(root, name), JSON.stringify(body));
  return name;
}

beforeAll(async () => {
  // given a store holding two claims under review on version 1, and a version 2 that renames the review
  const store = postgresStore({ dataDir: data });
  const engine = createEngine({ store, clock: virtualClock('2026-03-02T09:00:00Z'), ids: sequentialIds('claim') });
  await engine.deploy({ bpmn: bpmn('claim-v1.bpmn') });
  ids = [(await engine.start('claim', {})).id, (await engine.start('claim', {})).id];
  await engine.deploy({ bpmn: bpmn('claim-v2-renamed.bpmn') });
  await engine.close();
  await store.close();
}, 120_000);

describe('Feature: handoff migrate', () => {
  it('Scenario: --dry-run validates and prints what would change, and writes nothing; then the plan migrates every instance of the version', async () => {
    const file = plan('plan.json', { processId: 'claim', fromVersion: 1, toVersion: 2, mapping: { review: 'check', reviewLate: 'checkLate' }, instances: 'all' });
    // when the plan is dry-run
    const dry = await run(['--plan', file, '--store', data, '--dry-run', '--now', NOW]);
    // then it says what would happen, and the store is unchanged
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('dry run: 2 instances of claim would migrate from version 1 to 2 (nothing was written)');
    expect(dry.out).toContain(`${ids[0]}: review → check`);
    expect(dry.out).toMatch(/tasks kept: claim-\d+\/\d+/);
    expect(await stored()).toEqual([{ version: 1, elements: ['review'] }, { version: 1, elements: ['review'] }]);
    // when it runs for real (as JSON)
    const real = await run(['--plan', file, '--store', data, '--json', '--now', NOW]);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.out)).toMatchObject({ dryRun: false, migrated: ids });
    expect(await stored()).toEqual([{ version: 2, elements: ['check'] }, { version: 2, elements: ['check'] }]);
    // and a second run finds nothing left on version 1
    const again = await run(['--plan', file, '--store', data, '--now', NOW]);
    expect(again).toMatchObject({ code: 0, out: 'nothing to migrate: no active instance of claim on version 1.\n' });
  }, 120_000);

  it('Scenario: a plan the engine refuses prints every problem and exits 1; a malformed plan file names its fields and exits 2', async () => {
    const wrong = plan('wrong.json', { processId: 'claim', fromVersion: 2, toVersion: 1, mapping: { check: 'ship', nope: 'x' }, instances: [ids[0], 'ghost'] });
    const refused = await run(['--plan', wrong, '--store', data, '--dry-run', '--now', NOW]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('[INSTANCE_NOT_FOUND] instance ghost');
    const refused2 = await run(['--plan', plan('wrong2.json', { processId: 'claim', fromVersion: 2, toVersion: 1, mapping: { check: 'done', nope: 'x' }, instances: [ids[0]] }), '--store', data, '--now', NOW]);
    expect(refused2.code).toBe(1);
    expect(refused2.err).toContain('[MAPPING_SOURCE_UNKNOWN] nope');
    expect(refused2.err).toContain(`[KIND_MISMATCH] instance ${ids[0]} check → done`);
    expect(await stored()).toEqual([{ version: 2, elements: ['check'] }, { version: 2, elements: ['check'] }]);
    const malformed = await run(['--plan', plan('bad.json', { processId: '', toVersion: 'two', instances: [], extra: 1 }), '--store', data]);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toContain('unknown field "extra"');
    expect(malformed.err).toContain('"fromVersion" must be a version number >= 1');
    expect(malformed.err).toContain('"instances" must be "all" or a non-empty list');
    expect((await run(['--store', data])).code).toBe(2);
  }, 120_000);

  it('Rule: plan files — the table of what parses', () => {
    expect(parsePlanFile('{"processId":"p","fromVersion":1,"toVersion":2,"instances":"all"}', 'p.json')).toEqual({ processId: 'p', fromVersion: 1, toVersion: 2, mapping: {}, instances: 'all' });
    expect(parsePlanFile('{"processId":"p","fromVersion":1,"toVersion":2,"mapping":{"a":null},"instances":["i"],"store":"./d"}', 'p.json')).toMatchObject({ mapping: { a: null }, instances: ['i'], store: './d' });
    for (const bad of ['[]', 'nope', '{"processId":"p","fromVersion":0,"toVersion":2,"instances":"all"}', '{"processId":"p","fromVersion":1,"toVersion":2,"mapping":{"a":1},"instances":"all"}', '{"processId":"p","fromVersion":1,"toVersion":2,"instances":"some"}']) {
      expect(() => parsePlanFile(bad, 'p.json')).toThrow(/p\.json/);
    }
  });
});

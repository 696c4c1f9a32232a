/**
 * Cycles with no wait state are found at deploy time and reported as warnings
 * (`CYCLE_WITHOUT_WAIT_STATE`); `{ strict: true }` refuses them. Normal loops do not warn.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeployError, busyCycles } from '../../src/index';
import { FIXTURES, fixture, testEngine } from '../support';

const warningsOf = async (file: string) => {
  const t = testEngine();
  const [id] = await t.deploy(`deploy/cycles/${file}`);
  return (await t.engine.processes.model(id!)).warnings ?? [];
};

describe('Feature: a deploy warns about cycles no token can leave', () => {
  it.each([
    ['busy-task-loop.bpmn', [['merge', 'merge → prepare → check → merge']]],
    ['busy-parallel-loop.bpmn', [['fork', 'fork → note → fork']]],
    ['busy-error-reentry.bpmn', [['again', 'again → attempt → failed → again'], ['iMerge', 'iMerge → iSpin → iMerge']]],
  ])('Scenario: %s deploys, with a warning naming each busy cycle', async (file, expected) => {
    // given a file with a loop of pass-through elements, when it is deployed
    const warnings = await warningsOf(file);
    // then it is deployed, and each cycle is one warning on its first element, with its line
    expect(warnings.map((w) => [w.elementId, w.message.match(/The cycle (.*) has no wait state/)?.[1]])).toEqual(expected);
    expect(warnings.every((w) => w.code === 'CYCLE_WITHOUT_WAIT_STATE' && w.line! > 1 && /put a wait state in the loop/.test(w.hint))).toBe(true);
  });

  it('Scenario: loops that wait or that a condition ends do not warn', async () => {
    expect(await warningsOf('loops-that-wait.bpmn')).toEqual([]);
  });

  it('Scenario: the step-budget fixtures (cycles the runtime must survive) warn at deploy', async () => {
    for (const f of ['core/no-wait-cycle.bpmn', 'core/fork-bomb.bpmn']) {
      const t = testEngine();
      const [id] = await t.engine.deploy({ bpmn: fixture(f) });
      expect((await t.engine.processes.model(id!)).warnings?.map((w) => w.code), f).toEqual(['CYCLE_WITHOUT_WAIT_STATE']);
    }
  });

  it('Scenario: no other fixture of the engine warns', async () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(join(FIXTURES, dir), { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.bpmn') && !dir.includes('cycles') && !dir.includes('refusals') && !dir.includes('leniency') && !['no-wait-cycle.bpmn', 'fork-bomb.bpmn'].includes(e.name)) files.push(join(dir, e.name));
      }
    };
    walk('.');
    expect(files.length).toBeGreaterThan(30);
    for (const f of files) {
      const t = testEngine();
      const ids = await t.engine.deploy({ bpmn: fixture(f) }).catch(() => []);
      for (const id of ids) expect((await t.engine.processes.model(id)).warnings, f).toEqual([]);
    }
  });

  it('Scenario: deploy({ strict: true }) refuses the warnings as problems; nothing is deployed', async () => {
    const t = testEngine();
    const err = await t.engine.deploy({ bpmn: fixture('deploy/cycles/busy-task-loop.bpmn') }, { strict: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect((err as DeployError).problems.map((p) => [p.code, p.elementId])).toEqual([['CYCLE_WITHOUT_WAIT_STATE', 'merge']]);
    expect(await t.engine.processes.list()).toEqual([]);
    // and a file with normal loops deploys strictly
    expect(await t.engine.deploy({ bpmn: fixture('deploy/cycles/loops-that-wait.bpmn') }, { strict: true })).toEqual(['loopsThatWait']);
  });

  it('Scenario: the analysis never recurses: a 100,000-element ring is one cycle', () => {
    const n = 100_000;
    const nodes = Array.from({ length: n }, (_, i) => ({ id: `t${i}`, type: 'bpmn:Task', parent: -1 }));
    const flows = nodes.map((_, i) => ({ source: i, target: (i + 1) % n, conditional: false }));
    const cycles = busyCycles(nodes, flows);
    expect(cycles).toHaveLength(1);
    expect(cycles[0]).toHaveLength(n);
    expect(cycles[0]!.slice(0, 3)).toEqual(['t0', 't1', 't2']);
  });
});

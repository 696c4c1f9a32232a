/**
 * Feature: input and output values, literal expressions, requirement graphs (DRG) and
 * versioning, through engine.deploy({ dmn }) and engine.decisions.
 */
import { describe, expect, it } from 'vitest';
import { DecisionError, NotFoundError, createEngine, memoryStore, virtualClock } from '../../src/index';
import { dmnFixture, table } from './support';

const LEVELS = table('level', {
  inputs: [{ expr: 'tier', label: 'Tier', values: '"gold","silver","bronze"' }],
  outputs: [{ name: 'discount', values: '0.1,0.05' }],
  rules: [['"gold"', '0.1'], ['"silver"', '0.05'], ['"bronze"', '0.2']],
});

describe('Feature: input and output values', () => {
  it('Scenario: an input outside its input values is an error naming the input and the allowed values', async () => {
    const engine = createEngine();
    await engine.deploy({ dmn: LEVELS });
    expect((await engine.decisions.evaluate('level', { tier: 'gold' })).value).toBe(0.1);
    const err = await engine.decisions.evaluate('level', { tier: 'platinum' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecisionError);
    expect(err).toMatchObject({ code: 'DECISION_INPUT_NOT_ALLOWED', decisionId: 'level', elementId: 'level_in0' });
    expect((err as Error).message).toContain('"platinum"');
    expect((err as Error).message).toContain('"gold","silver","bronze"');
  });

  it('Scenario: an output outside its output values is an error naming the rule', async () => {
    const engine = createEngine();
    await engine.deploy({ dmn: LEVELS });
    const err = await engine.decisions.evaluate('level', { tier: 'bronze' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DECISION_OUTPUT_NOT_ALLOWED', elementId: 'level_r2' });
    expect((err as Error).message).toContain('rule 3 (level_r2)');
  });
});

describe('Feature: literal expressions and requirement graphs', () => {
  it('Scenario: a literal expression decision is its FEEL value', async () => {
    const engine = createEngine();
    await engine.deploy({ dmn: dmnFixture('dish.dmn') });
    const ev = await engine.decisions.evaluate('season', { month: 1 });
    expect(ev).toMatchObject({ decisionId: 'season', value: 'Winter', matchedRules: [], resultList: [{ season: 'Winter' }], required: [] });
  });

  it('Scenario: a decision with a required decision evaluates it first and reads its result by name', async () => {
    const engine = createEngine();
    await engine.deploy({ dmn: dmnFixture('dish.dmn') });
    const ev = await engine.decisions.evaluate('dish', { month: 4, guestCount: 6 });
    expect(ev.value).toBe('Steak');
    expect(ev.matchedRules).toEqual([{ id: 'r4', index: 3 }]);
    expect(ev.required).toEqual([expect.objectContaining({ decisionId: 'season', value: 'Spring' })]);
  });

  it('Scenario: a three-level graph with a shared requirement evaluates each decision once, dependencies first', async () => {
    const engine = createEngine();
    await engine.deploy({ dmn: dmnFixture('drg-diamond.dmn') });
    const ev = await engine.decisions.evaluate('top', { x: 2 });
    expect(ev.required.map((r) => r.decisionId)).toEqual(['base', 'left', 'right']);
    expect(ev.value).toBe(2 * 10 + (2 + 1));
  });

  it('Scenario: a cycle of required decisions is refused at deploy', async () => {
    const engine = createEngine();
    const err = await engine.deploy({ dmn: dmnFixture('drg-cycle.dmn') }).catch((e: unknown) => e);
    expect((err as { problems: unknown[] }).problems).toEqual([expect.objectContaining({ code: 'DMN_CYCLE', elementId: 'a', message: expect.stringContaining('a → b → a') })]);
  });
});

describe('Feature: versions', () => {
  it('Scenario: a changed file is a new version of each of its decisions; an unchanged file keeps them; old versions stay reachable', async () => {
    const engine = createEngine();
    expect(await engine.deploy({ dmn: LEVELS })).toEqual(['level']);
    await engine.deploy({ dmn: LEVELS });
    const v2 = LEVELS.replace('<text>0.1</text>', '<text>0.05</text>');
    await engine.deploy({ dmn: v2 });
    expect((await engine.decisions.list()).map((d) => d.key)).toEqual(['level:1', 'level:2']);
    expect((await engine.decisions.evaluate('level', { tier: 'gold' })).value).toBe(0.05);
    expect((await engine.decisions.evaluate('level', { tier: 'gold' }, { version: 1 })).value).toBe(0.1);
    await expect(engine.decisions.evaluate('level', {}, { version: 9 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(engine.decisions.evaluate('nope', {})).rejects.toThrow(/No decision 'nope'/);
  });

  it('Scenario: after a restart on the same store, stored decisions compile again (lazily) with their versions', async () => {
    const store = memoryStore();
    const clock = virtualClock('2026-03-02T09:00:00Z');
    const a = createEngine({ store, clock });
    await a.deploy({ dmn: dmnFixture('dish.dmn') });
    await a.deploy({ dmn: dmnFixture('dish.dmn').replace('"Spareribs"', '"Ribs"') });
    await a.close();
    const b = createEngine({ store, clock });
    expect((await b.decisions.evaluate('dish', { month: 10, guestCount: 2 })).value).toBe('Ribs');
    const old = await b.decisions.evaluate('dish', { month: 10, guestCount: 2 }, { version: 1 });
    expect(old).toMatchObject({ value: 'Spareribs', key: 'dish:1' });
    expect(old.required[0]).toMatchObject({ decisionId: 'season', version: 1 });
    expect((await b.processes.list()).length).toBe(0);
  });

  it('Scenario: camunda:versionTag selects a version', async () => {
    const engine = createEngine();
    const tagged = (tag: string, out: string) => table('t', { inputs: [{ expr: 'x' }], outputs: [{ name: 'o' }], rules: [['-', out]] }).replace('<decision id="t" name="t">', `<decision id="t" name="t" xmlns:camunda="http://camunda.org/schema/1.0/dmn" camunda:versionTag="${tag}">`);
    await engine.deploy({ dmn: tagged('v-one', '1') });
    await engine.deploy({ dmn: tagged('v-two', '2') });
    expect((await engine.decisions.evaluate('t', {}, { versionTag: 'v-one' })).value).toBe(1);
    expect((await engine.decisions.list()).map((d) => d.versionTag)).toEqual(['v-one', 'v-two']);
  });

  it('Scenario: a DMN 1.1 file (Camunda 7\'s older modelers) is migrated and runs', async () => {
    const engine = createEngine();
    await engine.deploy({ dmn: dmnFixture('legacy-dmn11.dmn') });
    expect((await engine.decisions.evaluate('approval', { amount: 500 })).value).toBe('auto');
    expect((await engine.decisions.evaluate('approval', { amount: 5000 })).value).toBe('manager');
  });
});

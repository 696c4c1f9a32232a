/**
 * Feature: `handoff validate` and `handoff lint` accept DMN files: the engine's DMN check,
 * with every problem's code, element, line and hint.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatLintResult, lintDmnFile } from '../src/commands/lint';
import { formatValidateResult, validateDmn } from '../src/commands/validate';
import { ROOT, runCli } from './support';

const DISH = 'packages/engine/test/dmn/fixtures/dish.dmn';
const dish = readFileSync(join(ROOT, DISH), 'utf8');
const broken = dish.replace('hitPolicy="UNIQUE"', 'hitPolicy="MOSTLY"').replace('<text>&lt;= 4</text>', '<text>&lt;= &lt;= 4</text>');

describe('Feature: DMN files in handoff validate and lint', () => {
  it('Scenario: a good DMN file validates and lists its decisions', async () => {
    const r = await validateDmn(dish, 'dish.dmn');
    expect(r).toMatchObject({ ok: true, decisions: ['dish', 'season'], problems: [] });
    expect(formatValidateResult(r)).toBe('ok    dish.dmn  (2 decisions: dish, season)');
  });

  it('Scenario: a broken DMN file lists every problem with element and line; lint reports them as handoff/dmn-valid errors', async () => {
    const r = await validateDmn(broken, 'broken.dmn');
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => [p.code, p.elementId])).toEqual([['DMN_HIT_POLICY', 'dishTable'], ['FEEL_SYNTAX', 'r3b']]);
    expect(r.problems.every((p) => (p.line ?? 0) > 1)).toBe(true);
    const l = await lintDmnFile('broken.dmn', broken);
    expect(l).toMatchObject({ errors: 2, config: 'dmn' });
    expect(l.findings.map((f) => f.rule)).toEqual(['handoff/dmn-valid', 'handoff/dmn-valid']);
    expect(formatLintResult(l)).toMatch(/^FAIL {2}broken\.dmn\n.*dishTable.*DMN_HIT_POLICY/);
  });

  it('Scenario: the command line takes .dmn files next to .bpmn files', () => {
    const v = runCli(['validate', DISH, 'packages/engine/test/dmn/fixtures/dinner-zeebe.bpmn']);
    expect(v).toMatchObject({ code: 0, stderr: '' });
    expect(v.stdout).toContain('(2 decisions: dish, season)');
    expect(v.stdout).toContain('(1 process: dinner)');
    const lint = runCli(['lint', DISH]);
    expect(lint).toMatchObject({ code: 0 });
    expect(lint.stdout).toMatch(/^ok {4}packages\/engine\/test\/dmn\/fixtures\/dish\.dmn/);
  }, 120_000);
});

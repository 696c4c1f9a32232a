import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createEngine, DeployError } from '@handoff/engine';
import { fixture, lint } from './support';

/** The failing fixtures of `handoff/deployable`: the elements each must report, and nothing else. */
const FAILING: Record<string, string[]> = {
  'deployable.fail.bpmn': ['defs', 'late', 'nowCompare', 'doubleOp'],
  'deployable-feel.fail.bpmn': ['broken', 'juel', 'unmarked', 'route'],
  'deployable-timers.fail.bpmn': ['p', 'monthNotMinute', 'noValue', 'badDate', 'badCycle', 'badFeel'],
  'deployable-sla.fail.bpmn': ['p', 'noTimer', 'inDays', 'badWarning', 'calendarOnDate', 'calendarDays'],
  'deployable-code.fail.bpmn': ['p', 'jsTask', 'delegate', 'listened', 'jsCondition'],
};

const only = { rules: { 'handoff/deployable': 'error' } };
const deployProblems = async (xml: string, calendars: string[] = []) => {
  try {
    await createEngine({ calendars: calendars.map((name) => ({ name, addWorkingTime: () => 0 }) as never) }).deploy({ bpmn: xml });
    return [];
  } catch (err) {
    if (!(err instanceof DeployError)) throw err;
    return err.problems.filter((p) => p.code !== 'PARSER_WARNING');
  }
};

describe('Feature: handoff/deployable reports what deploy refuses, on the element at fault', () => {
  for (const [file, ids] of Object.entries(FAILING)) {
    it(`Scenario: ${file} — every planted mistake, and nothing else`, async () => {
      // given a file deploy refuses; when it is linted with only handoff/deployable
      const findings = (await lint(fixture(file), only)).filter((f) => f.rule === 'handoff/deployable');
      // then each problem deploy lists is a report on its element, with deploy's code
      expect([...new Set(findings.map((f) => f.id))].sort()).toEqual([...ids].sort());
      const problems = await deployProblems(fixture(file));
      expect(findings.map((f) => /\[([A-Z_]+)\]/.exec(f.message)?.[1]).sort()).toEqual(problems.map((p) => p.code).sort());
    });
  }

  it('Scenario: the drift of the old rules is gone — `=now() > x` and `=a > > 3` are errors, as at deploy', async () => {
    const text = (await lint(fixture('deployable.fail.bpmn'), only)).map((f) => `${f.id}: ${f.message}`).join('\n');
    expect(text).toMatch(/nowCompare: condition: 'now\(\) > x' calls now\(\) or today\(\).*\[NONDETERMINISTIC_FEEL\]/);
    expect(text).toMatch(/doubleOp: condition: FEEL expression 'a > > 3' cannot be evaluated.*\[FEEL_SYNTAX\]; check the operators/);
  });

  it('Scenario: the passing fixture deploys and lints clean', async () => {
    expect(await lint(fixture('deployable.pass.bpmn'))).toEqual([]);
    expect(await deployProblems(fixture('deployable.pass.bpmn'))).toEqual([]);
  });

  it('Scenario: the calendars option names the calendars the engine is created with', async () => {
    // given a file whose timer counts on cn-office
    const xml = fixture('deployable.fail.bpmn');
    // when the rule is told the engine has cn-office
    const findings = await lint(xml, { rules: { 'handoff/deployable': ['error', { calendars: ['cn-office'] }] } });
    // then the calendar is no longer a problem; the FEEL ones still are
    expect(findings.map((f) => f.id).sort()).toEqual(['doubleOp', 'nowCompare']);
  });

  it('Scenario: every element report carries the engine hint (how to fix it)', async () => {
    for (const file of Object.keys(FAILING)) {
      for (const f of (await lint(fixture(file), only)).filter((x) => x.rule !== 'parser')) expect(f.message, `${file} ${f.id}`).toMatch(/\[[A-Z_]+\]; \S/);
    }
  });

  it('Scenario: the rule doc pages exist with incorrect and correct XML', () => {
    for (const rule of ['deployable', 'user-task-role', 'no-busy-cycle']) {
      expect(readFileSync(new URL(`../../../docs/rules/${rule}.md`, import.meta.url), 'utf8')).toMatch(/## Incorrect[\s\S]*## Correct/);
    }
  });
});

/**
 * The rules through bpmnlint's own RuleTester (`bpmnlint/lib/testers/rule-tester`), which
 * writes mocha-style `describe` / `it` blocks: vitest's are handed to it as globals.
 */
import { createRequire } from 'node:module';
import { afterAll, beforeEach, describe, it } from 'vitest';
import deployable from '../src/rules/deployable';
import noBusyCycle from '../src/rules/no-busy-cycle';
import userTaskRole from '../src/rules/user-task-role';
import { fixture, moddleExtensions } from './support';

const require = createRequire(import.meta.url);
const g = globalThis as Record<string, unknown>;
const saved = { describe: g.describe, it: g.it, beforeEach: g.beforeEach };
Object.assign(g, { describe, it, beforeEach });
afterAll(() => Object.assign(g, saved));

const { verify } = require('bpmnlint/lib/testers/rule-tester') as { verify(name: string, rule: unknown, cases: unknown): void };
const { createModdle } = require('bpmnlint/lib/testers/helper') as { createModdle(xml: string, ext: unknown): Promise<unknown> };
const parse = (file: string) => createModdle(fixture(file), moddleExtensions);

const hint = {
  now: "condition: 'now() > x' calls now() or today(), which read the wall clock; the engine decides on its own (injectable) clock only [NONDETERMINISTIC_FEEL]; compare with a timer instead (a timer event or boundary), or pass the time in a variable set by the host",
  op: "condition: FEEL expression 'a > > 3' cannot be evaluated: unsupported range: (3..null)..null [FEEL_SYNTAX]; check the operators: each comparison takes one operator and two operands, e.g. `=a > 3`",
};

verify('deployable', deployable, {
  valid: [{ name: 'a file that deploys', moddleElement: parse('deployable.pass.bpmn') }],
  invalid: [
    {
      name: 'FEEL deploy refuses (the old drift), with the calendar known',
      config: { calendars: ['cn-office'] },
      moddleElement: parse('deployable.fail.bpmn'),
      report: [
        { id: 'nowCompare', message: hint.now },
        { id: 'doubleOp', message: hint.op },
      ],
    },
  ],
});

verify('user-task-role', userTaskRole, {
  valid: [{ moddleElement: parse('user-task-role.pass.bpmn') }],
  invalid: [{ moddleElement: parse('user-task-role.fail.bpmn'), report: { id: 'orphan', message: 'User task has no role: it is in no lane and names no candidate groups' } }],
});

const cycle = (ids: string) => `The cycle ${ids} has no wait state and no conditional exit: a token entering it would loop forever (the engine stops it with a STEP_LIMIT incident); put a wait state in the loop (a user, service or receive task, a timer or message catch event), or leave it through a gateway with a condition`;
verify('no-busy-cycle', noBusyCycle, {
  valid: [{ moddleElement: parse('no-busy-cycle.pass.bpmn') }],
  invalid: [
    {
      moddleElement: parse('no-busy-cycle.fail.bpmn'),
      report: [
        { id: 'merge', message: cycle('merge → prepare → check → merge') },
        { id: 'again', message: cycle('again → attempt → failed → again') },
      ],
    },
  ],
});

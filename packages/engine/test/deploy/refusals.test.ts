/**
 * What deploy refuses. One row per refusal the parser or compiler knows: every problem
 * carries a stable code, the element at fault (id, BPMN type, line) and a hint on how to
 * fix it; problems caused by another one are not listed twice.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, DeployError, InvalidArgumentError, NotFoundError, sequentialIds, virtualClock, type EngineOptions } from '../../src/index';
import { deployError, deployFixture, keyOf, type ProblemKey } from './support';

interface Refusal {
  /** What the file gets wrong. */
  case: string;
  /** Fixture under `fixtures/deploy/`. */
  file: string;
  /** Every problem expected, in order. */
  problems: ProblemKey[];
  /** Text the first problem's message must contain. */
  says?: RegExp;
  engine?: EngineOptions;
}

const el = (code: string, elementId: string, elementType: string, line: number): ProblemKey => ({ code, elementId, elementType, line });
const file = (code: string, line?: number): ProblemKey => ({ code, ...(line ? { line } : {}) });

const REFUSALS: Refusal[] = [
  // Elements the engine does not run.
  { case: 'an ad-hoc subprocess', file: 'refusals/ad-hoc-subprocess.bpmn', problems: [el('UNSUPPORTED_ELEMENT', 'checkCredit', 'bpmn:AdHocSubProcess', 6)] },
  { case: 'a complex gateway', file: 'refusals/complex-gateway.bpmn', problems: [el('UNSUPPORTED_ELEMENT', 'quorum', 'bpmn:ComplexGateway', 13)] },
  { case: 'a conditional catch event without a condition', file: 'refusals/conditional-catch.bpmn', problems: [el('MISSING_CONDITION', 'inStock', 'bpmn:IntermediateCatchEvent', 6)], says: /no condition/ },
  { case: 'a multi-instance marker with neither collection nor cardinality', file: 'refusals/multi-instance.bpmn', problems: [el('INVALID_MULTI_INSTANCE', 'approve', 'bpmn:UserTask', 6)], says: /neither an input collection nor a loop cardinality/ },
  { case: 'an event subprocess with a compensate start', file: 'refusals/event-subprocess.bpmn', problems: [el('UNSUPPORTED_ELEMENT', 'cancelReceived', 'bpmn:StartEvent', 11)], says: /compensate start event of an event subprocess/ },
  {
    case: 'a compensation handler with a sequence flow',
    file: 'refusals/compensation.bpmn',
    problems: [el('INVALID_FLOW', 'cancelHotel', 'bpmn:Task', 12)],
    says: /compensation handler has no sequence flows/,
  },
  { case: 'a multiple event (two event definitions)', file: 'refusals/multiple-event-definitions.bpmn', problems: [el('UNSUPPORTED_FEATURE', 'paidOrLate', 'bpmn:IntermediateCatchEvent', 7)], says: /2 event definitions/ },
  {
    case: 'an instantiating event-based gateway',
    file: 'refusals/instantiating-event-gateway.bpmn',
    problems: [el('UNSUPPORTED_FEATURE', 'firstRequest', 'bpmn:EventBasedGateway', 6), el('NO_START_EVENT', 'instGateway', 'bpmn:Process', 5)],
  },

  // Broken references and structure.
  { case: 'a sequence flow to a missing id', file: 'refusals/flow-to-missing.bpmn', problems: [el('BROKEN_REFERENCE', 'toGhost', 'bpmn:SequenceFlow', 7)], says: /<ghost>/ },
  { case: 'a sequence flow without a target', file: 'refusals/flow-without-target.bpmn', problems: [el('BROKEN_REFERENCE', 'loose', 'bpmn:SequenceFlow', 7)] },
  {
    case: 'a boundary event attached to a missing id',
    file: 'refusals/boundary-missing-host.bpmn',
    problems: [el('BROKEN_REFERENCE', 'late', 'bpmn:BoundaryEvent', 9), el('INVALID_BOUNDARY', 'late', 'bpmn:BoundaryEvent', 9)],
    says: /<ghostTask>/,
  },
  { case: 'a gateway that cannot be left', file: 'refusals/gateway-dead-end.bpmn', problems: [el('NO_OUTGOING', 'join', 'bpmn:ParallelGateway', 8)] },
  { case: 'an end event with an outgoing flow', file: 'refusals/end-with-outgoing.bpmn', problems: [el('INVALID_FLOW', 'end', 'bpmn:EndEvent', 6)] },
  { case: 'a start event with an incoming flow', file: 'refusals/start-with-incoming.bpmn', problems: [el('INVALID_FLOW', 'start', 'bpmn:StartEvent', 4)] },
  { case: 'a boundary event with an incoming flow', file: 'refusals/boundary-with-incoming.bpmn', problems: [el('INVALID_FLOW', 'late', 'bpmn:BoundaryEvent', 11)] },
  { case: 'a flow crossing a subprocess border', file: 'refusals/flow-crosses-subprocess.bpmn', problems: [el('INVALID_FLOW', 'escape', 'bpmn:SequenceFlow', 10)] },
  { case: 'a process without a start event', file: 'refusals/no-start-event.bpmn', problems: [el('NO_START_EVENT', 'noStart', 'bpmn:Process', 3)] },
  { case: 'two none start events', file: 'refusals/two-none-starts.bpmn', problems: [el('AMBIGUOUS_START', 'twoStarts', 'bpmn:Process', 3)] },
  { case: 'a subprocess without a start event', file: 'refusals/subprocess-no-start.bpmn', problems: [el('INVALID_SUBPROCESS', 'handle', 'bpmn:SubProcess', 6)] },

  // Gateways.
  {
    case: 'an XOR with two outgoing flows, no conditions and no default',
    file: 'refusals/xor-missing-condition.bpmn',
    problems: [el('MISSING_CONDITION', 'toA', 'bpmn:SequenceFlow', 7), el('MISSING_CONDITION', 'toB', 'bpmn:SequenceFlow', 8)],
  },
  { case: 'a default flow that does not leave the gateway', file: 'refusals/invalid-default-flow.bpmn', problems: [el('INVALID_DEFAULT_FLOW', 'big', 'bpmn:ExclusiveGateway', 6)], says: /'f1' does not leave/ },
  { case: 'a default flow with a condition', file: 'refusals/default-flow-with-condition.bpmn', problems: [el('INVALID_DEFAULT_FLOW', 'big', 'bpmn:ExclusiveGateway', 6)], says: /has a condition/ },
  { case: 'a condition on a flow leaving a task', file: 'refusals/condition-on-task-flow.bpmn', problems: [el('UNSUPPORTED_FEATURE', 'onlyIfBig', 'bpmn:SequenceFlow', 7)] },
  { case: 'an event-based gateway followed by a task', file: 'refusals/event-gateway-task.bpmn', problems: [el('INVALID_GATEWAY', 'remind', 'bpmn:UserTask', 13)] },
  { case: 'an event-based gateway with one path', file: 'refusals/event-gateway-one-outgoing.bpmn', problems: [el('INVALID_GATEWAY', 'firstOf', 'bpmn:EventBasedGateway', 7)] },
  { case: 'an event after an event-based gateway with a second incoming flow', file: 'refusals/event-gateway-shared-event.bpmn', problems: [el('INVALID_GATEWAY', 'paid', 'bpmn:IntermediateCatchEvent', 13)] },

  // Expressions: FEEL only.
  { case: 'a FEEL syntax error in a condition', file: 'refusals/feel-syntax.bpmn', problems: [el('FEEL_SYNTAX', 'yes', 'bpmn:SequenceFlow', 7)], says: /amount > 100 and/ },
  { case: 'a JUEL condition calling a bean', file: 'refusals/juel-condition.bpmn', problems: [el('JUEL_UNSUPPORTED', 'yes', 'bpmn:SequenceFlow', 7)], says: /\$\{scoring\.isStrong\(x\)\}.*method call/ },
  { case: 'a JUEL assignee calling a bean', file: 'refusals/juel-assignee.bpmn', problems: [el('JUEL_UNSUPPORTED', 'review', 'bpmn:UserTask', 6)], says: /assignee.*userService\.pick/ },
  { case: 'a condition without a leading =', file: 'refusals/not-feel-condition.bpmn', problems: [el('NOT_FEEL', 'yes', 'bpmn:SequenceFlow', 7)] },
  // A JavaScript script task is a job of type script:javascript now (test/camunda7/scripts.test.ts).
  { case: 'a condition with language="javascript"', file: 'refusals/javascript-condition.bpmn', problems: [el('SCRIPT_LANGUAGE', 'yes', 'bpmn:SequenceFlow', 7)], says: /javascript/ },
  { case: 'a script without a result variable', file: 'refusals/script-no-result-variable.bpmn', problems: [el('MISSING_RESULT_VARIABLE', 'total', 'bpmn:ScriptTask', 6)] },
  { case: 'a DMN business rule task with an unknown result mapping', file: 'refusals/business-rule-dmn-mapping.bpmn', problems: [el('INVALID_ATTRIBUTE', 'discount', 'bpmn:BusinessRuleTask', 6)], says: /mapDecisionResult="firstEntry"/ },
  { case: 'a business rule task without a rule', file: 'refusals/business-rule-empty.bpmn', problems: [el('MISSING_EXPRESSION', 'discount', 'bpmn:BusinessRuleTask', 6)] },

  // Code the engine will not run, and assignment it does not have.
  // A Java delegate (camunda:class) is a job of that type now (test/camunda7/delegates.test.ts).
  { case: 'a job type given as an expression', file: 'refusals/job-type-expression.bpmn', problems: [el('UNSUPPORTED_FEATURE', 'notify', 'bpmn:ServiceTask', 6)], says: /job type/ },
  { case: 'retries="0"', file: 'refusals/invalid-retries.bpmn', problems: [el('INVALID_ATTRIBUTE', 'notify', 'bpmn:ServiceTask', 6)] },
  { case: 'a Camunda 8 task priority out of 0..100', file: 'refusals/priority-out-of-range.bpmn', problems: [el('INVALID_PRIORITY', 'review', 'bpmn:UserTask', 6)], says: /zeebe:priorityDefinition priority: 150 is outside 0\.\.100/ },
  { case: 'a task due date that is not a date', file: 'refusals/invalid-due-date.bpmn', problems: [el('INVALID_TASK_DATE', 'review', 'bpmn:UserTask', 6)], says: /camunda:dueDate: 'next Tuesday'/ },
  { case: 'a JUEL execution call in camunda:inputOutput', file: 'refusals/camunda-input-output.bpmn', problems: [el('JUEL_UNSUPPORTED', 'lookup', 'bpmn:ServiceTask', 6)], says: /camunda:inputParameter 'customerId'.*JUEL.*execution\.getProcessInstanceId/ },
  // Execution and task listeners run as jobs now: their refusals are in test/listeners/refusals.test.ts.

  // Timers, messages, errors, escalations.
  { case: 'an invalid ISO 8601 duration', file: 'refusals/timer-duration-invalid.bpmn', problems: [el('INVALID_TIMER', 'wait', 'bpmn:IntermediateCatchEvent', 6)], says: /'2 days'/ },
  { case: 'an invalid ISO 8601 date', file: 'refusals/timer-date-invalid.bpmn', problems: [el('INVALID_TIMER', 'wait', 'bpmn:IntermediateCatchEvent', 6)], says: /'2026-13-45T25:00:00'/ },
  { case: 'an invalid ISO 8601 cycle', file: 'refusals/timer-cycle-invalid.bpmn', problems: [el('INVALID_TIMER', 'wait', 'bpmn:IntermediateCatchEvent', 6)], says: /'every monday'/ },
  { case: 'a timer without a value', file: 'refusals/timer-without-value.bpmn', problems: [el('INVALID_TIMER', 'wait', 'bpmn:IntermediateCatchEvent', 6)], says: /found 0/ },
  { case: 'a timer start event with a duration', file: 'refusals/timer-start-duration.bpmn', problems: [el('INVALID_TIMER', 'inAnHour', 'bpmn:StartEvent', 4)], says: /fixed date or cycle/ },
  {
    case: 'a message without a name, and a receive task without a message',
    file: 'refusals/missing-message.bpmn',
    problems: [el('MISSING_MESSAGE', 'paymentReceived', 'bpmn:IntermediateCatchEvent', 7), el('MISSING_MESSAGE', 'confirmed', 'bpmn:ReceiveTask', 11)],
  },
  { case: 'a message name given as an expression', file: 'refusals/message-name-expression.bpmn', problems: [el('UNSUPPORTED_FEATURE', 'paid', 'bpmn:IntermediateCatchEvent', 7)], says: /static/ },
  { case: 'an error end event without an error code', file: 'refusals/error-end-no-code.bpmn', problems: [el('MISSING_ERROR_CODE', 'rejected', 'bpmn:EndEvent', 7)] },
  { case: 'an escalation end event without a code', file: 'refusals/escalation-end-no-code.bpmn', problems: [el('MISSING_ESCALATION_CODE', 'late', 'bpmn:EndEvent', 7)] },
  { case: 'a non-interrupting error boundary event', file: 'refusals/non-interrupting-error-boundary.bpmn', problems: [el('INVALID_BOUNDARY', 'declined', 'bpmn:BoundaryEvent', 10)] },

  // The XML itself.
  { case: 'an XXE payload (DOCTYPE with a SYSTEM entity)', file: 'refusals/xxe.bpmn', problems: [file('XML_DOCTYPE')] },
  { case: 'a billion-laughs payload', file: 'refusals/billion-laughs.bpmn', problems: [file('XML_DOCTYPE')] },
  { case: 'an entity declaration outside a DOCTYPE (not even well-formed: refused before parsing)', file: 'refusals/entity-without-doctype.bpmn', problems: [file('XML_DOCTYPE')] },
  { case: 'a valid file over maxXmlBytes', file: 'dialects/bpmnio-order.bpmn', problems: [file('XML_TOO_LARGE')], says: /limit is 1000/, engine: { maxXmlBytes: 1000 } },
  { case: 'malformed XML', file: 'refusals/malformed.bpmn', problems: [file('XML_MALFORMED', 7)], says: /<\/bpmn:process> detected \(closing tag mismatch\)/ },
  { case: 'an unknown attribute', file: 'refusals/unknown-attribute.bpmn', problems: [el('PARSER_WARNING', 'review', 'bpmn:UserTask', 6)], says: /bpmn:priority/ },
  { case: 'an unknown child element', file: 'refusals/unknown-child.bpmn', problems: [file('PARSER_WARNING', 7)], says: /<bpmn:deadline> detected \(unknown type <bpmn:Deadline>\)/ },
  { case: 'a duplicate id', file: 'refusals/duplicate-id.bpmn', problems: [file('PARSER_WARNING', 8)], says: /duplicate ID <review>/ },
  { case: 'a file without a process', file: 'refusals/no-process.bpmn', problems: [file('NO_PROCESS')] },
];

describe('Feature: deploy refuses what it cannot run, naming the element and how to fix it', () => {
  it.each(REFUSALS)('Scenario: $case ($file)', async ({ file: name, problems, says, engine: options }) => {
    // given
    const engine = createEngine({ clock: virtualClock('2026-03-02T09:00:00+08:00'), ids: sequentialIds('inst'), ...options });
    // when
    const err = await deployError(engine, { bpmn: deployFixture(name), name });
    // then
    expect(err.code).toBe('DEPLOY_FAILED');
    expect(err.problems.map(keyOf)).toEqual(problems);
    for (const p of err.problems) {
      expect(p.message.length, `${p.code} has a message`).toBeGreaterThan(10);
      expect(p.hint.length, `${p.code} has a hint`).toBeGreaterThan(10);
    }
    if (says) expect(err.problems[0]!.message).toMatch(says);
    expect(await engine.processes.list()).toEqual([]);
  });
});

describe('Feature: every problem at once, and nothing deployed', () => {
  it('Scenario: a file with four different problems lists all four', async () => {
    // given
    const engine = createEngine({ clock: virtualClock('2026-03-02T09:00:00+08:00') });
    // when
    const err = await deployError(engine, { bpmn: deployFixture('refusals/four-problems.bpmn'), name: 'four-problems.bpmn' });
    // then
    expect(err.problems.map(keyOf)).toEqual([
      el('UNSUPPORTED_ELEMENT', 'checkCredit', 'bpmn:AdHocSubProcess', 15),
      el('JUEL_SYNTAX', 'strong', 'bpmn:SequenceFlow', 11),
      el('MISSING_RESULT_VARIABLE', 'score', 'bpmn:ScriptTask', 6),
      el('INVALID_TIMER', 'waitForDocuments', 'bpmn:IntermediateCatchEvent', 18),
    ]);
  });

  it('Scenario: the message lists every element id, its type, line and hint', async () => {
    // given
    const engine = createEngine({ clock: virtualClock('2026-03-02T09:00:00+08:00') });
    // when
    const err = await deployError(engine, { bpmn: deployFixture('refusals/four-problems.bpmn'), name: 'four-problems.bpmn' });
    // then
    expect(err.message.startsWith('4 problems in four-problems.bpmn:\n')).toBe(true);
    expect(err.message).toContain('[JUEL_SYNTAX] strong (bpmn:SequenceFlow) line 11:');
    expect(err.message).toContain('[UNSUPPORTED_ELEMENT] checkCredit (bpmn:AdHocSubProcess) line 15:');
    expect(err.message).toContain('[MISSING_RESULT_VARIABLE] score (bpmn:ScriptTask) line 6:');
    expect(err.message).toContain('[INVALID_TIMER] waitForDocuments (bpmn:IntermediateCatchEvent) line 18:');
    for (const p of err.problems) expect(err.message).toContain(`Hint: ${p.hint}`);
    expect(err.problems[1]!.message).toContain('column 12');
    expect(err.problems[1]!.hint).toBe('check the operators and parentheses of the expression.');
    expect(err.hint).toBe('fix the problems listed above and deploy again.');
    expect(err.elementId).toBe('checkCredit');
  });

  it('Scenario: after a failed deploy the process cannot be started', async () => {
    // given
    const engine = createEngine({ clock: virtualClock('2026-03-02T09:00:00+08:00') });
    await deployError(engine, { bpmn: deployFixture('refusals/four-problems.bpmn') });
    // when
    const err = await engine.start('intake', {}).catch((e: unknown) => e);
    // then
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as NotFoundError).code).toBe('NOT_FOUND');
    expect((err as NotFoundError).kind).toBe('process');
    expect(await engine.processes.list()).toEqual([]);
  });

  it('Scenario: one bad file in a deploy deploys none of its files', async () => {
    // given
    const engine = createEngine({ clock: virtualClock('2026-03-02T09:00:00+08:00') });
    // when
    const err = await deployError(engine, { bpmn: [deployFixture('dialects/bpmnio-order.bpmn'), deployFixture('refusals/ad-hoc-subprocess.bpmn')] });
    // then
    expect(err.problems.map(keyOf)).toEqual([el('UNSUPPORTED_ELEMENT', 'checkCredit', 'bpmn:AdHocSubProcess', 6)]);
    await expect(engine.start('orderFulfilment', {})).rejects.toBeInstanceOf(NotFoundError);
    expect(await engine.processes.list()).toEqual([]);
  });

  it('Scenario: the same process id in two files of one deploy is refused', async () => {
    // given
    const engine = createEngine({ clock: virtualClock('2026-03-02T09:00:00+08:00') });
    const xml = deployFixture('dialects/bpmnio-order.bpmn');
    // when
    const err = await deployError(engine, { bpmn: [xml, xml.replace('name="Order fulfilment" isExecutable', 'name="Order fulfilment (copy)" isExecutable')] });
    // then
    expect(err.problems.map(keyOf)).toEqual([{ code: 'DUPLICATE_PROCESS', elementId: 'orderFulfilment' }]);
    expect(await engine.processes.list()).toEqual([]);
  });

  it('Scenario: a file that is not a string is refused as NOT_XML; a missing bpmn field is an invalid argument', async () => {
    // given
    const engine = createEngine({ clock: virtualClock('2026-03-02T09:00:00+08:00') });
    // when
    const err = await deployError(engine, { bpmn: [42 as unknown as string] });
    const bad = await engine.deploy({} as never).catch((e: unknown) => e);
    // then
    expect(err.problems.map(keyOf)).toEqual([{ code: 'NOT_XML' }]);
    expect(bad).toBeInstanceOf(InvalidArgumentError);
    expect(bad).not.toBeInstanceOf(DeployError);
  });
});

/**
 * Compiling one flow node's own features: its kind, event definition, user-task
 * assignment, job definition, FEEL script. Structure (flows, scopes) is in `compile.ts`.
 *
 * @module
 */
import { InvalidTimerError } from '../errors';
import { parseTimerSpec } from '../time/timerSpec';
import { compileFeel, isProblem, type Expression } from './expressions';
import type { ModdleElement } from './parse';
import type { ProblemList } from './problems';
import type { EventDef, JobDef, NodeKind, TimerDef, UserTaskDef } from './types';

/** bpmn type → node kind, for the element types this engine runs. */
export const KIND_BY_TYPE: Readonly<Record<string, NodeKind>> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'serviceTask',
  'bpmn:Task': 'task',
  'bpmn:ManualTask': 'task',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:ScriptTask': 'expressionTask',
  'bpmn:BusinessRuleTask': 'expressionTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:CallActivity': 'callActivity',
};

/** Extension elements that carry only metadata the engine may safely leave aside. */
const METADATA_EXTENSIONS = new Set([
  'zeebe:Properties',
  'zeebe:VersionTag',
  'zeebe:UserTask',
  'zeebe:FormDefinition',
  'zeebe:UserTaskForm',
  'zeebe:PriorityDefinition',
  'zeebe:JobPriorityDefinition',
  'zeebe:LinkedResources',
  'camunda:Properties',
  'camunda:FormData',
]);
/** Extension elements the engine reads. */
const INTERPRETED_EXTENSIONS = new Set([
  'zeebe:TaskDefinition',
  'zeebe:TaskHeaders',
  'zeebe:AssignmentDefinition',
  'zeebe:Script',
  'zeebe:Subscription',
  'zeebe:IoMapping',
  'camunda:InputOutput',
  'zeebe:CalledElement',
  'camunda:In',
  'camunda:Out',
  'zeebe:LoopCharacteristics', // read by model/multiInstance.ts
]);
/** Extension elements with behaviour the engine does not run (yet): refused, never ignored. */
const UNSUPPORTED_EXTENSION_HINTS: Readonly<Record<string, string>> = {
  'zeebe:ExecutionListeners': 'subscribe to the engine\'s typed events (activity.entered / activity.left) in the host instead.',
  'camunda:ExecutionListener': 'subscribe to the engine\'s typed events (activity.entered / activity.left) in the host instead.',
  'zeebe:TaskListeners': 'subscribe to the task.* events in the host instead.',
  'camunda:TaskListener': 'subscribe to the task.* events in the host instead.',
  'zeebe:CalledDecision': 'DMN is not supported; write the rule as FEEL in a zeebe:script on the business rule task.',
  'zeebe:TaskSchedule': 'due dates come from SLA policies; remove the task schedule.',
  'camunda:Connector': 'Java connectors cannot run here; register a service-task handler for a camunda:topic instead.',
  'camunda:FailedJobRetryTimeCycle': 'set retries with zeebe:taskDefinition retries="N"; backoff is an engine option.',
};

/** Read the extension elements of `el`, reporting unsupported ones. */
export function extensions(el: ModdleElement, problems: ProblemList): ModdleElement[] {
  const values = ((el.extensionElements as ModdleElement | undefined)?.values as ModdleElement[] | undefined) ?? [];
  for (const v of values) {
    const t = v.$type;
    if (!t.startsWith('zeebe:') && !t.startsWith('camunda:')) continue; // other vendors' annotations
    if (METADATA_EXTENSIONS.has(t) || INTERPRETED_EXTENSIONS.has(t)) continue;
    problems.add(
      'UNSUPPORTED_FEATURE',
      el,
      `<${t.replace(/^(\w+):(\w)/, (_m, p: string, c: string) => `${p}:${c.toLowerCase()}`)}> is not supported.`,
      UNSUPPORTED_EXTENSION_HINTS[t] ?? 'remove this extension element; the engine does not run it.',
    );
  }
  return values;
}

function ext(values: ModdleElement[], type: string): ModdleElement | undefined {
  return values.find((v) => v.$type === type);
}

/** Compile an expression attribute, recording a problem on failure. */
export function feel(text: string, el: ModdleElement, what: string, problems: ProblemList, assumeFeel = false): Expression | undefined {
  const r = compileFeel(text, assumeFeel);
  if (isProblem(r)) {
    problems.add(r.code, el, `${what}: ${r.message}`, r.hint);
    return undefined;
  }
  return r;
}

/** A static string, or a FEEL expression when it starts with `=`; JUEL refused. */
function staticOrFeel(text: string | undefined, el: ModdleElement, what: string, problems: ProblemList): { value?: string; expr?: Expression } {
  if (text === undefined || text.trim() === '') return {};
  const t = text.trim();
  if (t.startsWith('=') || /^[$#]\{/.test(t)) {
    const expr = feel(t, el, what, problems);
    return expr ? { expr } : {};
  }
  return { value: t };
}

/** Compile the event definition of an event node; `allowed` lists the legal types here. */
export function compileEvent(el: ModdleElement, allowed: EventDef['type'][], problems: ProblemList, where: string): EventDef | undefined {
  const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
  if (defs.length > 1) {
    problems.add('UNSUPPORTED_FEATURE', el, `${where} has ${defs.length} event definitions (a multiple event).`, 'split it into one event per trigger, joined by an event-based gateway.');
    return undefined;
  }
  const d = defs[0];
  let ev: EventDef | undefined;
  let type: EventDef['type'] | string;
  if (!d) {
    type = 'none';
    ev = { type: 'none' };
  } else {
    switch (d.$type) {
      case 'bpmn:TimerEventDefinition':
        type = 'timer';
        ev = compileTimer(el, d, problems, where);
        break;
      case 'bpmn:MessageEventDefinition':
        type = 'message';
        // A throwing message event is a job for a handler (like a send task): its message reference is optional.
        if ((where === 'end event' || where === 'intermediate throw event') && !(d.messageRef as ModdleElement | undefined)?.name) ev = { type: 'message', message: '' };
        else ev = compileMessage(el, d, problems);
        break;
      case 'bpmn:ErrorEventDefinition': {
        type = 'error';
        const ref = d.errorRef as ModdleElement | undefined;
        ev = { type: 'error', ...(ref?.errorCode ? { errorCode: String(ref.errorCode) } : {}), ...(ref?.name ? { errorName: ref.name } : {}) };
        break;
      }
      case 'bpmn:EscalationEventDefinition': {
        type = 'escalation';
        const ref = d.escalationRef as ModdleElement | undefined;
        ev = {
          type: 'escalation',
          ...(ref?.escalationCode ? { escalationCode: String(ref.escalationCode) } : {}),
          ...(ref?.name ? { escalationName: ref.name } : {}),
        };
        break;
      }
      case 'bpmn:TerminateEventDefinition':
        type = 'terminate';
        ev = { type: 'terminate' };
        break;
      case 'bpmn:SignalEventDefinition': {
        type = 'signal';
        const ref = d.signalRef as ModdleElement | undefined;
        const name = typeof ref?.name === 'string' ? ref.name.trim() : '';
        if (!name) {
          problems.add('MISSING_SIGNAL', el, 'The signal reference is missing or the signal has no name.', 'select a signal and give it a name; it is the name hosts broadcast with engine.signals.broadcast().');
          return undefined;
        }
        if (name.startsWith('=') || /[$#]\{/.test(name)) {
          problems.add('UNSUPPORTED_FEATURE', el, `Signal names must be static; '${name}' is an expression.`, 'use a fixed signal name.');
          return undefined;
        }
        ev = { type: 'signal', signal: name };
        break;
      }
      case 'bpmn:LinkEventDefinition': {
        type = 'link';
        const name = typeof d.name === 'string' && d.name.trim() ? d.name.trim() : typeof el.name === 'string' ? el.name.trim() : '';
        if (!name) {
          problems.add('MISSING_LINK', el, 'The link event has no name.', 'name the link: a throw jumps to the catch link event of the same name.');
          return undefined;
        }
        ev = { type: 'link', link: name };
        break;
      }
      default:
        type = d.$type.replace('bpmn:', '').replace('EventDefinition', '').toLowerCase();
    }
  }
  if (!allowed.includes(type as EventDef['type'])) {
    problems.add(
      'UNSUPPORTED_ELEMENT',
      el,
      `A ${type} ${where} is not supported.`,
      `use one of: ${allowed.map((a) => `${a} ${where}`).join(', ')}. See docs/bpmn-coverage.md.`,
    );
    return undefined;
  }
  return ev;
}

function compileTimer(el: ModdleElement, d: ModdleElement, problems: ProblemList, where: string): EventDef | undefined {
  const present = (['timeDuration', 'timeDate', 'timeCycle'] as const).filter((k) => d[k]);
  if (present.length !== 1) {
    problems.add('INVALID_TIMER', el, `A timer ${where} needs exactly one of timeDuration, timeDate, timeCycle (found ${present.length}).`, 'set one timer value in the modeler, e.g. a duration PT30M.');
    return undefined;
  }
  const key = present[0]!;
  const kind = key === 'timeDuration' ? 'duration' : key === 'timeDate' ? 'date' : 'cycle';
  const text = String((d[key] as ModdleElement).body ?? '').trim();
  const calendar = typeof d.calendar === 'string' && d.calendar.trim() ? d.calendar.trim() : undefined;
  let timer: TimerDef | undefined;
  if (text.startsWith('=') || /^[$#]\{/.test(text)) {
    const expr = feel(text, el, `timer ${kind}`, problems);
    if (expr) timer = { kind, expr, text, ...(calendar ? { calendar } : {}) };
  } else {
    try {
      timer = { kind, spec: parseTimerSpec(kind, text, { elementId: el.id! }), text, ...(calendar ? { calendar } : {}) };
    } catch (err) {
      if (!(err instanceof InvalidTimerError)) throw err;
      problems.add('INVALID_TIMER', el, err.message.split(' — ')[0]!, err.hint);
    }
  }
  if (timer && calendar) {
    if (kind !== 'duration') {
      problems.add('INVALID_TIMER', el, `handoff:calendar="${calendar}" applies to durations only; this timer is a ${kind}.`, 'use a timeDuration counted in working time (e.g. PT4H), or remove handoff:calendar.');
    } else if ('spec' in timer && timer.spec.kind === 'duration') {
      const dd = timer.spec.duration;
      if (dd.years || dd.months || dd.weeks || dd.days) {
        problems.add('INVALID_TIMER', el, `Working time '${text}' on calendar '${calendar}' has calendar units (days, weeks, months, years).`, 'express working time in hours, minutes and seconds, e.g. PT16H for two 8-hour days.');
      }
    }
  }
  return timer ? { type: 'timer', timer } : undefined;
}

function compileMessage(el: ModdleElement, d: ModdleElement, problems: ProblemList): EventDef | undefined {
  const ref = d.messageRef as ModdleElement | undefined;
  return messageFromRef(el, ref, problems);
}

/** A message event or receive task: the message's name, and its correlation key expression. */
export function messageFromRef(el: ModdleElement, ref: ModdleElement | undefined, problems: ProblemList): EventDef | undefined {
  if (!ref || !ref.name) {
    problems.add('MISSING_MESSAGE', el, 'The message reference is missing or the message has no name.', 'select a message and give it a name; it is the name hosts correlate with.');
    return undefined;
  }
  if (ref.name.trim().startsWith('=') || /[$#]\{/.test(ref.name)) {
    problems.add('UNSUPPORTED_FEATURE', el, `Message names must be static; '${ref.name}' is an expression.`, 'use a fixed message name and put the varying part in the correlation key.');
    return undefined;
  }
  const values = extensions(ref, problems);
  const sub = ext(values, 'zeebe:Subscription');
  let correlationKey: Expression | undefined;
  if (sub?.correlationKey) correlationKey = feel(String(sub.correlationKey), el, 'correlation key', problems);
  return { type: 'message', message: ref.name, ...(correlationKey ? { correlationKey } : {}) };
}

/** User-task assignment from the lane, `camunda:*` attributes and `zeebe:assignmentDefinition`. */
export function compileUserTask(el: ModdleElement, values: ModdleElement[], role: string | undefined, problems: ProblemList): UserTaskDef {
  const z = ext(values, 'zeebe:AssignmentDefinition');
  const groupsText = (z?.candidateGroups as string | undefined) ?? (el.candidateGroups as string | undefined);
  const assigneeText = (z?.assignee as string | undefined) ?? (el.assignee as string | undefined);
  const users = (z?.candidateUsers as string | undefined) ?? (el.candidateUsers as string | undefined);
  if (users) {
    problems.add('UNSUPPORTED_FEATURE', el, 'Candidate users are not supported: access is by role.', 'put the people in a role and name it in candidate groups, or set an assignee.');
  }
  if (el.dueDate || el.followUpDate) {
    problems.add('UNSUPPORTED_FEATURE', el, 'Task due / follow-up dates are not supported.', 'express the limit as an SLA policy or a timer boundary event.');
  }
  const groups = staticOrFeel(groupsText, el, 'candidate groups', problems);
  const assignee = staticOrFeel(assigneeText, el, 'assignee', problems);
  const form = ext(values, 'zeebe:FormDefinition');
  const formKey = (form?.formKey as string | undefined) ?? (form?.formId as string | undefined) ?? (el.formKey as string | undefined);
  return {
    ...(role ? { role } : {}),
    candidateGroups: groups.value ? splitList(groups.value) : [],
    ...(groups.expr ? { candidateGroupsExpr: groups.expr } : {}),
    ...(assignee.value ? { assignee: assignee.value } : {}),
    ...(assignee.expr ? { assigneeExpr: assignee.expr } : {}),
    ...(formKey ? { formKey } : {}),
  };
}

/** Service / send task job: handler key, retries, headers. Java delegates refused. */
export function compileJob(el: ModdleElement, values: ModdleElement[], problems: ProblemList): JobDef {
  for (const attr of ['class', 'delegateExpression', 'expression'] as const) {
    if (el[attr]) {
      problems.add(
        'UNSUPPORTED_FEATURE',
        el,
        `camunda:${attr}="${String(el[attr])}" names Java or JUEL code, which cannot run here.`,
        'use camunda:type="external" with camunda:topic, or zeebe:taskDefinition type, and register a handler for it.',
      );
    }
  }
  const td = ext(values, 'zeebe:TaskDefinition');
  let type = (td?.type as string | undefined) ?? (el.topic as string | undefined);
  if (!type && el.type && el.type !== 'external') type = String(el.type);
  if (type && (type.trim().startsWith('=') || /[$#]\{/.test(type))) {
    problems.add('UNSUPPORTED_FEATURE', el, `The job type '${type}' is an expression; job types must be static.`, 'use a fixed job type and pass the varying part as a variable or header.');
  }
  let retries = 3;
  if (td?.retries !== undefined) {
    const n = Number(td.retries);
    if (!Number.isInteger(n) || n < 1) {
      problems.add('INVALID_ATTRIBUTE', el, `retries="${String(td.retries)}" is not a positive integer.`, 'set retries to 1 or more (3 is the default).');
    } else retries = n;
  }
  const headers: Record<string, string> = {};
  const th = ext(values, 'zeebe:TaskHeaders');
  for (const h of (th?.values as ModdleElement[] | undefined) ?? []) if (h.key) headers[String(h.key)] = String(h.value ?? '');
  return { type: type?.trim() || el.id!, retries, headers };
}

/** Script / business-rule task: FEEL only, from `zeebe:script` or `camunda:expression` / a FEEL `<script>`. */
export function compileExpressionTask(el: ModdleElement, values: ModdleElement[], problems: ProblemList): { expression?: Expression; resultVariable?: string } {
  const z = ext(values, 'zeebe:Script');
  const isScript = el.$type === 'bpmn:ScriptTask';
  if (z?.expression) {
    const expression = feel(String(z.expression), el, 'script', problems);
    const resultVariable = z.resultVariable ? String(z.resultVariable) : undefined;
    if (!resultVariable) problems.add('MISSING_RESULT_VARIABLE', el, 'The script has no result variable.', 'set resultVariable so the result is stored.');
    return { ...(expression ? { expression } : {}), ...(resultVariable ? { resultVariable } : {}) };
  }
  if (!isScript) {
    if (el.decisionRef) {
      problems.add('UNSUPPORTED_FEATURE', el, `camunda:decisionRef="${String(el.decisionRef)}" calls a DMN decision; DMN is not supported.`, 'write the rule as FEEL: camunda:expression="=…" with camunda:resultVariable, or a zeebe:script.');
      return {};
    }
    if (el.expression) {
      const expression = feel(String(el.expression), el, 'rule', problems);
      const resultVariable = el.resultVariable ? String(el.resultVariable) : undefined;
      if (!resultVariable) problems.add('MISSING_RESULT_VARIABLE', el, 'The rule has no result variable.', 'set camunda:resultVariable so the result is stored.');
      return { ...(expression ? { expression } : {}), ...(resultVariable ? { resultVariable } : {}) };
    }
    problems.add('MISSING_EXPRESSION', el, 'The business rule task has no rule.', 'add a zeebe:script expression (or camunda:expression="=…") and a result variable.');
    return {};
  }
  const format = String(el.scriptFormat ?? '').trim().toLowerCase();
  const body = (el.script as string | undefined) ?? '';
  if (el.resource) {
    problems.add('UNSUPPORTED_FEATURE', el, 'External script resources are not supported.', 'inline the FEEL expression in the script task.');
    return {};
  }
  if (format && format !== 'feel') {
    problems.add(
      'SCRIPT_LANGUAGE',
      el,
      `Script format '${format}' is not supported: Handoff runs FEEL only, never JavaScript or other code (no eval, vm or Function).`,
      'rewrite the script as a FEEL expression (scriptFormat="feel", or a zeebe:script expression).',
    );
    return {};
  }
  if (!body.trim()) {
    problems.add('MISSING_EXPRESSION', el, 'The script task has no script.', 'add a FEEL expression (zeebe:script, or scriptFormat="feel" with a body).');
    return {};
  }
  const expression = feel(body, el, 'script', problems, true);
  const resultVariable = el.resultVariable ? String(el.resultVariable) : undefined;
  if (!resultVariable) problems.add('MISSING_RESULT_VARIABLE', el, 'The script has no result variable.', 'set camunda:resultVariable so the result is stored.');
  return { ...(expression ? { expression } : {}), ...(resultVariable ? { resultVariable } : {}) };
}

/** `"a, b ,c"` → `['a','b','c']`. */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}

/**
 * The compiler: moddle definitions → immutable {@link ProcessModel}s. Checks structure
 * (flows, scopes, start and end, gateways, boundaries) and collects **every** problem.
 *
 * @module
 */
import type { DeployProblem } from '../errors';
import {
  KIND_BY_TYPE,
  compileEvent,
  compileExpressionTask,
  compileJob,
  engineExpressionOf,
  compileUserTask,
  extensions,
  feel,
  messageFromRef,
} from './compileNode';
import type { Expression } from './expressions';
import { compileIoMapping, type IoMappingRules } from './ioMapping';
import { compileCall } from './callActivity';
import { compileLoop } from './multiInstance';
import { compileListeners, compileTakeListeners, type ListenerHost } from './listeners';
import type { ModdleElement } from './parse';
import { busyCycleMessage, busyCycles } from './cycles';
import { resolveCompensation } from './compileCompensation';
import { compileInitiator, implicitCondition, withConnectorIo } from './camunda7';
import { ProblemList } from './problems';
import { isCamunda7Dialect } from './dialect';
import { timeToLiveMs } from '../time/timeToLive';
import type { EventDef, FlowModel, NodeKind, NodeModel, ProcessModel } from './types';

/** Options for compiling a set of definitions. */
export interface CompileOptions {
  /** Lane id → role name; a lane without an entry grants the role named like its id. */
  roles?: Readonly<Record<string, string>>;
  /** The version number to give a process id. */
  version(processId: string): number;
  /** Warnings of the parse (e.g. `UNREAD_EXTENSION`), added to every process's deploy warnings. */
  warnings?: readonly DeployProblem[];
  /**
   * Does the file speak Camunda 7 / Flowable / Activiti (model/dialect.ts)? Then a gateway
   * flow without a condition is taken as `true`, as those engines take it. Default: read from
   * the file's namespace declarations.
   */
  camunda7?: boolean;
}

/** Elements that may appear among flow elements without running (data and annotations). */
const PASSIVE = new Set(['bpmn:DataObject', 'bpmn:DataObjectReference', 'bpmn:DataStoreReference']);

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
type Draft = Mutable<NodeModel> & { incoming: number[]; outgoing: number[]; boundaries: number[]; el: ModdleElement };

/** Compile every executable process in `definitions`. */
export function compileDefinitions(
  definitions: ModdleElement,
  lineOf: (id: string | undefined) => number | undefined,
  opts: CompileOptions,
): { processes: ProcessModel[]; problems: DeployProblem[] } {
  const problems = new ProblemList(lineOf);
  const roots = (definitions.rootElements as ModdleElement[] | undefined) ?? [];
  const all = roots.filter((r) => r.$type === 'bpmn:Process');
  // Camunda Modeler marks processes executable; bpmn.io leaves isExecutable="false".
  // Run the executable ones, or all of them when none is marked.
  const marked = all.filter((p) => p.isExecutable === true);
  const chosen = marked.length ? marked : all;
  if (!chosen.length) {
    problems.add('NO_PROCESS', undefined, 'The file contains no process.', 'draw a process (a pool with a start event) in the modeler.');
  }
  const dialect = { ...opts, camunda7: opts.camunda7 ?? isCamunda7Dialect(definitions) };
  const processes = chosen.map((p) => compileProcess(p, problems, dialect));
  return { processes, problems: problems.items };
}

/** Warnings for cycles no token can leave (model/cycles.ts). */
function cycleWarnings(nodes: readonly Draft[], flows: readonly FlowModel[], problems: ProblemList): DeployProblem[] {
  const warnings = new ProblemList(problems.lineOf);
  const graph = nodes.map((n) => ({ id: n.id, type: n.bpmnType, parent: n.parent, ...(n.event ? { trigger: n.event.type } : {}), ...(n.attachedTo !== undefined ? { attachedTo: n.attachedTo } : {}) }));
  for (const ids of busyCycles(graph, flows.map((f) => ({ source: f.source, target: f.target, conditional: f.condition !== undefined })))) {
    const { message, hint } = busyCycleMessage(ids);
    warnings.add('CYCLE_WITHOUT_WAIT_STATE', nodes.find((n) => n.id === ids[0])!.el, message, hint);
  }
  return warnings.items;
}

function compileProcess(proc: ModdleElement, problems: ProblemList, opts: CompileOptions): ProcessModel {
  const warnedBefore = problems.warnings.length;
  const laneOf = collectLanes(proc, opts.roles ?? {});
  const procExt = extensions(proc, problems);
  const procListeners = compileListeners(proc, procExt, 'process', problems); // model/listeners.ts
  const zeebeTag = procExt.find((v) => v.$type === 'zeebe:VersionTag')?.value;
  const versionTag = [proc.versionTag, zeebeTag].find((t): t is string => typeof t === 'string' && t.trim() !== '')?.trim();
  const nodes: Draft[] = [];
  const flowEls: { el: ModdleElement; parent: number }[] = [];
  const byId = new Map<string, number>();

  // 1. Nodes, depth first through subprocesses.
  const walk = (container: ModdleElement, parent: number): void => {
    for (const el of (container.flowElements as ModdleElement[] | undefined) ?? []) {
      if (el.$type === 'bpmn:SequenceFlow') {
        flowEls.push({ el, parent });
        continue;
      }
      if (PASSIVE.has(el.$type)) continue;
      const kind = KIND_BY_TYPE[el.$type];
      if (!kind) {
        problems.add('UNSUPPORTED_ELEMENT', el, `${el.$type.replace('bpmn:', '')} is not supported.`, unsupportedHint(el.$type));
        continue;
      }
      const idx = nodes.length;
      const lane = laneOf.get(el.id!) ?? (parent >= 0 ? nodes[parent]!.lane : undefined);
      const draft: Draft = {
        idx,
        id: el.id!,
        ...(el.name ? { name: el.name } : {}),
        bpmnType: el.$type,
        kind,
        parent,
        incoming: [],
        outgoing: [],
        boundaries: [],
        ...(lane ? { lane } : {}),
        ...(docOf(el) ? { documentation: docOf(el) } : {}),
        ...(kind === 'subProcess' && el.triggeredByEvent ? { triggeredByEvent: true as const } : {}),
        el,
      };
      nodes.push(draft);
      byId.set(el.id!, idx);
      if (kind === 'subProcess') walk(el, idx);
    }
  };
  walk(proc, -1);

  // 2. Flows.
  const flows: FlowModel[] = [];
  const dangling = new Set<number>(); // nodes whose outgoing flow leads to a refused or missing element
  for (const { el, parent } of flowEls) {
    const src = el.sourceRef as ModdleElement | undefined;
    const tgt = el.targetRef as ModdleElement | undefined;
    const s = src?.id !== undefined ? byId.get(src.id) : undefined;
    const t = tgt?.id !== undefined ? byId.get(tgt.id) : undefined;
    const take = compileTakeListeners(el, extensions(el, problems), problems, s !== undefined && nodes[s]!.kind === 'eventBasedGateway'); // camunda:executionListener event="take"
    // The condition first: its problems are reported even when the flow itself is refused.
    let condition: Expression | undefined;
    const ce = el.conditionExpression as ModdleElement | undefined;
    if (ce) {
      const lang = String(ce.language ?? '').toLowerCase();
      const body = String(ce.body ?? '');
      if (lang && lang !== 'feel' && !lang.includes('feel')) {
        problems.add('SCRIPT_LANGUAGE', el, `Condition language '${lang}' is not supported: Handoff evaluates FEEL only, never JavaScript.`, `rewrite the condition in FEEL, e.g. '=amount > 100'.`);
      } else condition = feel(body, el, 'condition', problems, lang.includes('feel'));
    }
    if (s === undefined || t === undefined) {
      // Missing ids are already reported by the parser as broken references; report
      // flows to elements we refused only once (as the element's own problem).
      if (!src || !tgt) problems.add('BROKEN_REFERENCE', el, 'The sequence flow lacks a source or target.', 'connect both ends of the flow in the modeler.');
      if (s !== undefined) dangling.add(s);
      continue;
    }
    if (nodes[s]!.parent !== parent || nodes[t]!.parent !== parent) {
      problems.add('INVALID_FLOW', el, 'The sequence flow crosses a subprocess boundary.', 'connect elements inside the same (sub)process only; leave a subprocess through its end event.');
      dangling.add(s);
      continue;
    }
    const idx = flows.length;
    flows.push({ idx, id: el.id!, ...(el.name ? { name: el.name } : {}), source: s, target: t, ...(condition ? { condition } : {}), ...(take ? { listeners: take } : {}) });
    nodes[s]!.outgoing.push(idx);
    nodes[t]!.incoming.push(idx);
  }
  const flowIdx = new Map(flows.map((f) => [f.id, f.idx]));

  // 3. Per-node features and structural checks.
  for (const n of nodes) compileFeatures(n, nodes, flows, flowIdx, byId, problems, dangling, opts.camunda7 === true);

  // 4. Start events of each scope.
  const scopeStarts = (scope: number) => nodes.filter((n) => n.parent === scope && n.kind === 'startEvent');
  const procStarts = scopeStarts(-1);
  const noneStarts = procStarts.filter((n) => n.event?.type === 'none');
  if (!procStarts.length) problems.add('NO_START_EVENT', proc, `Process '${proc.id}' has no start event.`, 'add a start event.');
  if (noneStarts.length > 1) problems.add('AMBIGUOUS_START', proc, `Process '${proc.id}' has ${noneStarts.length} none start events.`, 'keep one none start event; use message or timer start events for other triggers.');
  for (const sp of nodes.filter((n) => n.kind === 'subProcess')) {
    const starts = scopeStarts(sp.idx);
    if (sp.triggeredByEvent) {
      const esp = checkEventSubprocess(sp, starts, problems);
      if (esp !== undefined) sp.startNode = esp;
    } else if (starts.length !== 1 || starts[0]!.event?.type !== 'none') {
      problems.add('INVALID_SUBPROCESS', sp.el, `The subprocess needs exactly one none start event (has ${starts.length}).`, 'give the subprocess one plain start event.');
    } else sp.startNode = starts[0]!.idx;
  }

  // Event subprocesses: each scope lists the start events it arms while it runs.
  const espStarts = (scope: number) => nodes.filter((n) => n.parent === scope && n.triggeredByEvent && n.startNode !== undefined).map((n) => n.startNode!);
  for (const sp of nodes.filter((n) => n.kind === 'subProcess')) {
    const list = espStarts(sp.idx);
    if (list.length) sp.eventSubprocesses = list;
  }
  const procEsps = espStarts(-1);

  // Link events: each throw jumps to the catch of its name in the same scope.
  resolveLinks(nodes, problems);
  // Compensation: boundary events to handlers, activityRefs, what records completions.
  const compensationWarnings = resolveCompensation(proc, nodes, byId, problems);

  // 5. Reachability for inclusive joins.
  for (const n of nodes) if (n.kind === 'inclusiveGateway' && n.incoming.length > 1) n.reachableFrom = reachableFrom(n.idx, nodes, flows);

  const model: ProcessModel = {
    id: proc.id!,
    ...(proc.name ? { name: proc.name } : {}),
    version: opts.version(proc.id!),
    key: `${proc.id!}:${opts.version(proc.id!)}`,
    nodes: nodes.map(({ el: _el, ...rest }) => Object.freeze(rest)),
    flows: flows.map((f) => Object.freeze(f)),
    byId,
    ...(noneStarts[0] ? { noneStart: noneStarts[0].idx } : {}),
    ...(procListeners ? { listeners: procListeners } : {}),
    messageStarts: procStarts.filter((n) => n.event?.type === 'message').map((n) => n.idx),
    signalStarts: procStarts.filter((n) => n.event?.type === 'signal').map((n) => n.idx),
    timerStarts: procStarts.filter((n) => n.event?.type === 'timer').map((n) => n.idx),
    ...(procEsps.length ? { eventSubprocesses: procEsps } : {}),
    roles: [...new Set(laneOf.values())],
    ...(versionTag ? { versionTag } : {}),
    warnings: [...(opts.warnings ?? []), ...problems.warnings.slice(warnedBefore), ...cycleWarnings(nodes, flows, problems), ...compensationWarnings],
    ...historyTimeToLiveOf(proc, problems),
  };
  checkCrossNode(model, problems);
  return Object.freeze(model);
}

function compileFeatures(
  n: Draft,
  nodes: Draft[],
  flows: FlowModel[],
  flowIdx: Map<string, number>,
  byId: Map<string, number>,
  problems: ProblemList,
  dangling: ReadonlySet<number>,
  camunda7: boolean,
): void {
  const el = n.el;
  const values = extensions(el, problems);
  if (el.isForCompensation) n.forCompensation = true; // a compensation handler (model/compileCompensation.ts)
  const set = <K extends keyof Draft>(k: K, v: Draft[K] | undefined) => {
    if (v !== undefined) n[k] = v;
  };
  const topLevel = n.parent === -1;
  set('io', compileIoMapping(el, values, ioRules(n.kind, el), problems));
  set('loop', compileLoop(el, problems)); // multi-instance marker (model/multiInstance.ts)
  const listenersOf = () => compileListeners(el, values, listenerHost(n, nodes, flows), problems); // after the switch: the event is known
  switch (n.kind) {
    case 'startEvent':
      if (!topLevel && nodes[n.parent]!.triggeredByEvent) {
        compileEventSubprocessStart(n, el, problems);
        break;
      }
      set('event', compileEvent(el, topLevel ? ['none', 'message', 'timer', 'signal'] : ['none'], problems, topLevel ? 'start event' : 'start event in a subprocess'));
      if (n.event?.type === 'timer' && ('expr' in n.event.timer || n.event.timer.kind === 'duration')) {
        problems.add('INVALID_TIMER', el, 'A timer start event needs a fixed date or cycle.', 'use timeDate (e.g. 2026-03-02T09:00:00+08:00) or timeCycle (e.g. R/P1D); durations and expressions have no instance to start from.');
      }
      if (n.incoming.length) problems.add('INVALID_FLOW', el, 'A start event cannot have incoming flows.', 'remove the incoming flow or use an intermediate event.');
      set('initiator', compileInitiator(el, topLevel, problems));
      break;
    case 'endEvent':
      set('event', compileEvent(el, ['none', 'terminate', 'error', 'escalation', 'signal', 'message', 'compensate'], problems, 'end event'));
      if (n.event?.type === 'message') n.job = compileJob(el, values, problems);
      if (n.event?.type === 'error' && !n.event.errorCode) problems.add('MISSING_ERROR_CODE', el, 'The error end event throws no error code.', 'select an error with an error code.');
      if (n.event?.type === 'escalation' && !n.event.escalationCode) problems.add('MISSING_ESCALATION_CODE', el, 'The escalation end event throws no escalation code.', 'select an escalation with a code.');
      if (n.outgoing.length) problems.add('INVALID_FLOW', el, 'An end event cannot have outgoing flows.', 'remove the outgoing flow or use an intermediate event.');
      break;
    case 'intermediateCatchEvent':
      set('event', compileEvent(el, ['timer', 'message', 'signal', 'link', 'conditional'], problems, 'intermediate catch event'));
      if (n.event?.type === 'link' && n.incoming.length) problems.add('INVALID_FLOW', el, 'A catch link event cannot have incoming flows: tokens arrive through its throw link.', 'remove the incoming flow.');
      break;
    case 'intermediateThrowEvent':
      set('event', compileEvent(el, ['none', 'escalation', 'signal', 'message', 'link', 'compensate'], problems, 'intermediate throw event'));
      if (n.event?.type === 'message') n.job = compileJob(el, values, problems);
      if (n.event?.type === 'link' && n.outgoing.length) problems.add('INVALID_FLOW', el, 'A throw link event cannot have outgoing flows: it jumps to its catch link.', 'remove the outgoing flow; connect the catch link event instead.');
      if (n.event?.type === 'escalation' && !n.event.escalationCode) problems.add('MISSING_ESCALATION_CODE', el, 'The escalation event throws no escalation code.', 'select an escalation with a code.');
      break;
    case 'boundaryEvent': {
      set('event', compileEvent(el, ['timer', 'message', 'error', 'escalation', 'signal', 'compensate', 'conditional'], problems, 'boundary event'));
      const interrupting = el.cancelActivity !== false;
      n.cancelActivity = interrupting;
      if (typeof el.sla === 'string' && el.sla.trim()) {
        const warning = el.slaWarning === undefined ? undefined : parseFraction(String(el.slaWarning));
        // blank is none, as for handoff:sla (a template may write the attribute empty)
        const escalateTo = typeof el.slaEscalateTo === 'string' && el.slaEscalateTo.trim() ? el.slaEscalateTo.trim() : undefined;
        if (n.event?.type !== 'timer' || n.event.timer.kind !== 'duration') {
          problems.add('INVALID_SLA', el, `handoff:sla="${el.sla}" is on a boundary event without a timer duration.`, 'declare SLAs on timer boundary events with a timeDuration (the limit).');
        } else if (warning === null) {
          problems.add('INVALID_SLA', el, `handoff:slaWarning="${String(el.slaWarning)}" is not a fraction between 0 and 1 or a percentage.`, 'write e.g. 0.8 or 80%.');
        } else if (escalateTo !== undefined && !/^[^\s,]+$/.test(escalateTo)) {
          problems.add('INVALID_SLA', el, `handoff:slaEscalateTo="${escalateTo}" is not a role name.`, 'write one role without spaces or commas, e.g. hotlineSupervisor.');
        } else n.sla = { id: el.sla.trim(), ...(warning !== undefined ? { warning } : {}), ...(escalateTo !== undefined ? { escalateTo } : {}) };
      } else if (typeof el.slaEscalateTo === 'string' && el.slaEscalateTo.trim()) {
        problems.add('INVALID_SLA', el, `handoff:slaEscalateTo="${String(el.slaEscalateTo)}" is on a boundary event without handoff:sla: there is no SLA to escalate.`, 'name the SLA with handoff:sla, or remove handoff:slaEscalateTo.');
      }
      if (n.event?.type === 'error' && !interrupting) problems.add('INVALID_BOUNDARY', el, 'An error boundary event is always interrupting.', 'set cancelActivity="true" (the default).');
      const host = el.attachedToRef as ModdleElement | undefined;
      const hostIdx = host?.id ? byId.get(host.id) : undefined;
      const hostNode = hostIdx !== undefined ? nodes[hostIdx] : undefined;
      if (!hostNode || !isActivity(hostNode.kind) || hostNode.parent !== n.parent) {
        problems.add('INVALID_BOUNDARY', el, 'The boundary event is not attached to a task or subprocess in the same scope.', 'attach it to the border of a task or subprocess.');
      } else if (hostNode.triggeredByEvent) {
        problems.add('INVALID_BOUNDARY', el, `The boundary event is attached to event subprocess '${hostNode.id}'; an event subprocess cannot have boundary events.`, 'move the boundary event to a task or embedded subprocess, or model the reaction inside the event subprocess.');
      } else {
        n.attachedTo = hostNode.idx;
        hostNode.boundaries.push(n.idx);
      }
      if (n.incoming.length) problems.add('INVALID_FLOW', el, 'A boundary event cannot have incoming flows.', 'remove the incoming flow.');
      break;
    }
    case 'userTask':
      n.userTask = compileUserTask(el, values, n.lane, problems);
      break;
    case 'callActivity':
      set('call', compileCall(el, values, problems));
      break;
    case 'serviceTask': {
      // camunda:expression that JUEL → FEEL reads: evaluated by the engine, no job (decision 0032).
      const engine = el.$type === 'bpmn:ServiceTask' || el.$type === 'bpmn:SendTask' ? engineExpressionOf(el, values) : undefined;
      if (engine) {
        n.kind = 'expressionTask';
        set('expression', engine.expression);
        set('resultVariable', engine.resultVariable);
        break;
      }
      n.job = compileJob(el, values, problems);
      set('io', withConnectorIo(n.io, el, values, ioRules(n.kind, el), problems));
      break;
    }
    case 'receiveTask': {
      // Camunda 7 / Flowable continue a receive task without a message through their runtime
      // API (signal / trigger): here engine.instances.trigger. Camunda 8 needs a message.
      if (!el.messageRef && camunda7) {
        set('event', { type: 'trigger' } as EventDef);
        break;
      }
      const ev = messageFromRef(el, el.messageRef as ModdleElement | undefined, problems);
      set('event', ev);
      break;
    }
    case 'expressionTask': {
      const { expression, resultVariable, decision, job } = compileExpressionTask(el, values, problems);
      set('expression', expression);
      set('resultVariable', resultVariable);
      set('decision', decision);
      if (job) {
        // A script in another language than FEEL: a job of type script:<format> (model/compileScriptTask.ts).
        n.kind = 'serviceTask';
        n.job = job;
        set('io', withConnectorIo(n.io, el, values, ioRules(n.kind, el), problems));
      }
      break;
    }
    case 'exclusiveGateway':
    case 'inclusiveGateway': {
      const def = el.default as ModdleElement | undefined;
      if (def?.id) {
        const d = flowIdx.get(def.id);
        if (d === undefined || flows[d]!.source !== n.idx) problems.add('INVALID_DEFAULT_FLOW', el, `The default flow '${def.id}' does not leave this gateway.`, 'choose one of the gateway\'s outgoing flows as default.');
        else {
          n.defaultFlow = d;
          if (flows[d]!.condition) problems.add('INVALID_DEFAULT_FLOW', el, `The default flow '${def.id}' has a condition, which would be ignored.`, 'remove the condition from the default flow.');
        }
      }
      if (n.outgoing.length > 1) {
        for (const f of n.outgoing) {
          if (camunda7 && f !== n.defaultFlow && !flows[f]!.condition && !problems.items.some((p) => p.elementId === flows[f]!.id && REFUSED_CONDITION.has(p.code))) {
            implicitCondition(flows, f, n, problems); // Camunda 7 / Flowable / Activiti: taken as `true`
            continue;
          }
          if (f !== n.defaultFlow && !flows[f]!.condition && !problems.items.some((p) => p.elementId === flows[f]!.id && REFUSED_CONDITION.has(p.code))) {
            problems.add('MISSING_CONDITION', { $type: 'bpmn:SequenceFlow', id: flows[f]!.id }, `Flow '${flows[f]!.id}' leaves gateway '${n.id}' without a condition.`, 'give every outgoing flow a FEEL condition, or mark one as the default flow.');
          }
        }
      }
      break;
    }
    case 'eventBasedGateway':
      if (el.instantiate) problems.add('UNSUPPORTED_FEATURE', el, 'Instantiating event-based gateways are not supported.', 'start the process with message start events instead.');
      if (n.outgoing.length < 2) problems.add('INVALID_GATEWAY', el, 'An event-based gateway needs at least two outgoing flows.', 'connect it to two or more catch events.');
      break;
    default:
      break;
  }
  set('listeners', listenersOf());
  // Not for an element refused as such (link throw, compensation), or whose flow leads to a refused one: that problem says it all.
  const refused = el.isForCompensation === true || problems.items.some((p) => p.elementId === n.id && p.code === 'UNSUPPORTED_ELEMENT');
  // An activity or intermediate event with no outgoing flow ends its token there (BPMN's
  // implicit end, as Camunda and Flowable run it); a gateway or start event cannot be left.
  const implicitEnd = isActivity(n.kind) || n.kind === 'intermediateCatchEvent' || n.kind === 'intermediateThrowEvent' || n.kind === 'boundaryEvent';
  if (n.kind !== 'endEvent' && !implicitEnd && n.outgoing.length === 0 && !dangling.has(n.idx) && !refused) {
    problems.add('NO_OUTGOING', el, `The ${label(n.kind)} cannot be left: it has no outgoing sequence flow.`, 'connect it to the next step, or end the path with an end event.');
  }
}

/** An event subprocess's start event: message, timer, signal, error or escalation; interrupting or not (`isInterrupting`). */
function compileEventSubprocessStart(n: Draft, el: ModdleElement, problems: ProblemList): void {
  if (((el.eventDefinitions as ModdleElement[] | undefined) ?? []).some((d) => d.$type === 'bpmn:CompensateEventDefinition')) {
    problems.add('UNSUPPORTED_ELEMENT', el, 'A compensate start event of an event subprocess is not supported (Camunda 8 does not run one either).', 'attach a compensation boundary event to the subprocess instead, associated with a handler (isForCompensation="true") that undoes its work.');
    return;
  }
  const ev = compileEvent(el, ['message', 'timer', 'signal', 'error', 'escalation', 'conditional'], problems, 'start event of an event subprocess');
  if (ev) n.event = ev;
  const interrupting = el.isInterrupting !== false;
  n.cancelActivity = interrupting;
  if (ev?.type === 'error' && !interrupting) {
    problems.add('INVALID_EVENT_SUBPROCESS', el, 'An error start event of an event subprocess is always interrupting.', 'set isInterrupting="true" (the default) on the start event.');
  }
  if (n.incoming.length) problems.add('INVALID_FLOW', el, 'A start event cannot have incoming flows.', 'remove the incoming flow.');
}

/** An event subprocess: no flows in or out, exactly one start event with a trigger. Returns its start event. */
function checkEventSubprocess(sp: Draft, starts: Draft[], problems: ProblemList): number | undefined {
  if (sp.incoming.length || sp.outgoing.length) {
    problems.add('INVALID_EVENT_SUBPROCESS', sp.el, `The event subprocess has ${sp.incoming.length} incoming and ${sp.outgoing.length} outgoing sequence flows; it is started by its start event's trigger only.`, 'remove the sequence flows to and from the event subprocess.');
  }
  if (sp.loop) problems.add('INVALID_EVENT_SUBPROCESS', sp.el, 'An event subprocess cannot be multi-instance.', 'remove the multi-instance marker from the event subprocess.');
  if (starts.length !== 1) {
    problems.add('INVALID_EVENT_SUBPROCESS', sp.el, `The event subprocess needs exactly one start event (has ${starts.length}).`, 'give the event subprocess one message, timer, signal, error or escalation start event.');
    return undefined;
  }
  const start = starts[0]!;
  return start.event ? start.idx : undefined; // a start event without an allowed trigger (none, compensate) is refused as such
}

/** Point every throw link at the catch link of its name in its scope; refuse ambiguous or dangling links. */
function resolveLinks(nodes: Draft[], problems: ProblemList): void {
  const catches = new Map<string, Draft[]>();
  for (const n of nodes) {
    if (n.kind === 'intermediateCatchEvent' && n.event?.type === 'link') {
      const key = `${n.parent}\u0000${n.event.link}`;
      catches.set(key, [...(catches.get(key) ?? []), n]);
    }
  }
  for (const [key, list] of catches) {
    if (list.length > 1) for (const n of list) problems.add('INVALID_LINK', n.el, `${list.length} catch link events in this scope are named '${key.split('\u0000')[1]}'.`, 'give each catch link event of a scope its own name.');
  }
  for (const n of nodes) {
    if (n.kind !== 'intermediateThrowEvent' || n.event?.type !== 'link') continue;
    const target = catches.get(`${n.parent}\u0000${n.event.link}`);
    if (!target?.length) problems.add('INVALID_LINK', n.el, `No catch link event named '${n.event.link}' in this scope.`, 'add an intermediate catch link event with the same name in the same (sub)process.');
    else n.event = { ...n.event, target: target[0]!.idx };
  }
}

/**
 * Where input / output mappings may be declared (Camunda 8's rules). An intermediate throw
 * event maps its outputs when it completes (Camunda 7's parser and Camunda 8 allow them;
 * decision 0031) — except a link throw, whose token jumps to its catch without completing.
 */
function ioRules(kind: NodeKind, el: ModdleElement): IoMappingRules {
  switch (kind) {
    case 'startEvent':
      return { inputs: false, outputs: false, where: 'a start event' };
    case 'boundaryEvent':
      return { inputs: false, outputs: false, where: 'a boundary event' };
    case 'intermediateCatchEvent':
      return { inputs: false, outputs: true, where: 'an intermediate catch event' };
    case 'intermediateThrowEvent': {
      const link = ((el.eventDefinitions as ModdleElement[] | undefined) ?? []).some((d) => d.$type === 'bpmn:LinkEventDefinition');
      return { inputs: true, outputs: !link, where: link ? 'a link intermediate throw event' : 'an intermediate throw event' };
    }
    case 'endEvent':
      return { inputs: true, outputs: false, where: 'an end event' };
    case 'exclusiveGateway':
    case 'parallelGateway':
    case 'inclusiveGateway':
    case 'eventBasedGateway':
      return { inputs: false, outputs: false, where: 'a gateway' };
    default:
      return { inputs: true, outputs: true, where: 'this activity' };
  }
}

/** Codes of a condition that was written but refused: the flow is not also "missing" one. */
const REFUSED_CONDITION = new Set(['FEEL_SYNTAX', 'JUEL_SYNTAX', 'JUEL_UNSUPPORTED', 'NOT_FEEL', 'NONDETERMINISTIC_FEEL', 'SCRIPT_LANGUAGE']);

/** Checks that need every node compiled. */
function checkCrossNode(model: ProcessModel, problems: ProblemList): void {
  for (const n of model.nodes) {
    for (const f of n.outgoing) {
      const flow = model.flows[f]!;
      const src = model.nodes[flow.source]!;
      if (flow.condition && src.kind !== 'exclusiveGateway' && src.kind !== 'inclusiveGateway') {
        problems.add('UNSUPPORTED_FEATURE', { $type: 'bpmn:SequenceFlow', id: flow.id }, `Flow '${flow.id}' has a condition but leaves a ${label(src.kind)}; conditional flows are supported on exclusive and inclusive gateways only.`, 'remove the condition, or put an exclusive gateway after the element.');
      }
    }
    if (n.kind === 'eventBasedGateway') {
      for (const f of n.outgoing) {
        const t = model.nodes[model.flows[f]!.target]!;
        const ok = (t.kind === 'intermediateCatchEvent' && (t.event?.type === 'timer' || t.event?.type === 'message' || t.event?.type === 'signal' || t.event?.type === 'conditional')) || (t.kind === 'receiveTask' && t.boundaries.length === 0);
        if (!ok) problems.add('INVALID_GATEWAY', { $type: t.bpmnType, id: t.id }, `'${t.id}' follows the event-based gateway '${n.id}' but is not a timer, message, signal or conditional catch event.`, 'connect event-based gateways only to intermediate timer / message / signal / conditional catch events or receive tasks.');
        else if (t.loop) problems.add('INVALID_GATEWAY', { $type: t.bpmnType, id: t.id }, `'${t.id}' follows the event-based gateway '${n.id}' but is multi-instance: the gateway waits for one message.`, 'remove the multi-instance marker, or put the multi-instance receive task after the message catch event.');
        else if (t.incoming.length !== 1) problems.add('INVALID_GATEWAY', { $type: t.bpmnType, id: t.id }, `'${t.id}' follows an event-based gateway and must have no other incoming flow.`, 'give each event after the gateway exactly one incoming flow.');
      }
    }
  }
}

/** `0.8` or `80%` → 0.8; null when not a fraction in (0, 1). */
function parseFraction(text: string): number | null {
  const t = text.trim();
  const v = t.endsWith('%') ? Number(t.slice(0, -1)) / 100 : Number(t);
  return Number.isFinite(v) && v > 0 && v < 1 ? v : null;
}

function isActivity(kind: NodeKind): boolean {
  return kind === 'userTask' || kind === 'serviceTask' || kind === 'task' || kind === 'receiveTask' || kind === 'expressionTask' || kind === 'subProcess' || kind === 'callActivity';
}

function label(kind: NodeKind): string {
  return kind.replace(/([A-Z])/g, ' $1').toLowerCase();
}

function docOf(el: ModdleElement): string | undefined {
  const docs = (el.documentation as ModdleElement[] | undefined) ?? [];
  const text = docs.map((d) => String(d.text ?? '').trim()).filter(Boolean).join('\n');
  return text || undefined;
}

/** node id → role of the innermost lane containing it. */
function collectLanes(proc: ModdleElement, roles: Readonly<Record<string, string>>): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (laneSet: ModdleElement | undefined) => {
    for (const lane of (laneSet?.lanes as ModdleElement[] | undefined) ?? []) {
      const role = roles[lane.id!] ?? lane.id!;
      for (const ref of (lane.flowNodeRef as ModdleElement[] | undefined) ?? []) if (ref.id) out.set(ref.id, role);
      visit(lane.childLaneSet as ModdleElement | undefined); // inner lanes overwrite outer ones
    }
  };
  for (const ls of (proc.laneSets as ModdleElement[] | undefined) ?? []) visit(ls);
  return out;
}

/** Nodes (same scope) from which `target` can be reached, following flows and boundary events. */
function reachableFrom(target: number, nodes: Draft[], flows: FlowModel[]): Set<number> {
  const seen = new Set<number>();
  const stack = [target];
  while (stack.length) {
    const i = stack.pop()!;
    const n = nodes[i]!;
    const preds = n.incoming.map((f) => flows[f]!.source);
    if (n.kind === 'boundaryEvent' && n.attachedTo !== undefined) preds.push(n.attachedTo);
    for (const p of preds) {
      if (!seen.has(p)) {
        seen.add(p);
        stack.push(p);
      }
    }
  }
  return seen;
}

function unsupportedHint(type: string): string {
  switch (type) {
    case 'bpmn:ComplexGateway':
      return 'use an inclusive or parallel gateway.';
    case 'bpmn:Transaction':
    case 'bpmn:AdHocSubProcess':
      return 'use an embedded subprocess.';
    default:
      return 'see docs/bpmn-coverage.md for the elements the engine runs.';
  }
}

export type { EventDef };

/** `camunda:historyTimeToLive` on the process (days, or an ISO 8601 duration), as ms. */
function historyTimeToLiveOf(proc: ModdleElement, problems: ProblemList): { historyTimeToLive?: number } {
  const raw = proc.historyTimeToLive as unknown;
  if (raw === undefined || raw === null || raw === '') return {};
  try {
    return { historyTimeToLive: timeToLiveMs(raw, 'camunda:historyTimeToLive') };
  } catch (err) {
    problems.add('INVALID_TIME_TO_LIVE', proc, (err as Error).message, (err as { hint?: string }).hint ?? 'give a number of days, e.g. camunda:historyTimeToLive="30".');
    return {};
  }
}

/** Where a node's listeners sit, for the rules on which listener events it may have (model/listeners.ts). */
function listenerHost(n: Draft, nodes: readonly Draft[], flows: readonly FlowModel[]): ListenerHost {
  if (n.kind === 'userTask') return 'userTask';
  if (n.kind === 'boundaryEvent') return 'boundaryEvent';
  if (n.kind === 'eventBasedGateway') return 'eventGateway';
  if (n.incoming.length && n.incoming.some((f) => nodes[flows[f]!.source]?.kind === 'eventBasedGateway')) return 'eventGatewayTarget';
  if (n.kind === 'endEvent' && n.event?.type === 'error') return 'errorEndEvent';
  if (n.kind === 'intermediateThrowEvent' && n.event?.type === 'link') return 'linkThrowEvent';
  return 'other';
}

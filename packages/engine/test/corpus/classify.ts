/**
 * Deploys one corpus file on a fresh engine and, when it deploys, gives it a bounded smoke
 * run: every process with a none start event is started once, user tasks and jobs are
 * completed with empty outputs, the virtual clock jumps to the next due timer, until
 * nothing is left to do or a bound is reached. Only the public API is used.
 */
import { createEngine, DeployError, HandoffError, sequentialIds, virtualClock, type EngineEvent } from '../../src/index';

/** One deploy problem, reduced to what ranks refusals: its code and the feature it names. */
export interface Refusal {
  code: string;
  /** The element or attribute at fault, e.g. `callActivity`, `camunda:inputOutput`. */
  feature: string;
}

export type DeployOutcome =
  | { kind: 'deployed'; processIds: string[] }
  | { kind: 'refused'; refusals: Refusal[] }
  | { kind: 'crashed'; error: string };

export type RunOutcome =
  /** Every instance started reached an end. */
  | { kind: 'completed'; steps: number }
  /** Some instance waits for something the smoke run does not send (a message, a signal, a timer past the horizon). */
  | { kind: 'waiting'; steps: number; waitingAt: string[] }
  /** An incident is open (a failing expression, a missing handler…). */
  | { kind: 'incident'; steps: number; codes: string[] }
  /** A bound was reached with work still to do: a loop through tasks, jobs or timers, or tokens multiplying. */
  | { kind: 'bounded'; steps: number }
  /** No process has a none start event (message- or timer-started only). */
  | { kind: 'notStarted' }
  /** A start or a task completion was refused with a typed error. */
  | { kind: 'refused'; code: string; message: string }
  /** Anything thrown that is not a HandoffError, or an `engine.error` report: an engine bug. */
  | { kind: 'crashed'; error: string };

export interface FileOutcome {
  deploy: DeployOutcome;
  run?: RunOutcome;
}

/** Smoke-run bounds: actions (task completions, timer jumps), jobs handled, timers pending at once, and virtual time. */
export const MAX_STEPS = 200;
export const MAX_JOBS = 500;
export const MAX_TIMERS = 1_000;
const HORIZON_MS = 400 * 24 * 3600_000;
const START = '2026-03-02T09:00:00Z';

const describe = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err)).split('\n')[0]!.slice(0, 300);

/** The element or attribute a deploy problem is about, in the file's own terms. */
export function featureOf(p: { code: string; elementType?: string; message: string }): string {
  if (['JUEL_EXPRESSION', 'JUEL_SYNTAX', 'JUEL_UNSUPPORTED', 'NOT_FEEL', 'NONDETERMINISTIC_FEEL', 'FEEL_SYNTAX'].includes(p.code)) {
    const field = /^([\w ]+):/.exec(p.message)?.[1];
    if (field) return `in ${field}`;
  }
  if (p.code === 'BROKEN_REFERENCE') {
    const prop = /\(property ([\w:]+)\)/.exec(p.message)?.[1];
    if (prop) return `unresolved ${prop}`;
  }
  const unleavable = /^The (.+?) cannot be left/.exec(p.message)?.[1];
  if (p.code === 'NO_OUTGOING' && unleavable) return unleavable;
  if (p.code === 'PARSER_WARNING' && /unparsable content/.test(p.message)) return 'unparsable content';
  const tag = /<([\w-]+:[\w-]+)>/.exec(p.message)?.[1];
  if (tag) return tag;
  const attr = /\b((?:camunda|zeebe|flowable|activiti):[\w-]+)=/.exec(p.message)?.[1];
  if (attr) return attr;
  if (/multi-instance/i.test(p.message)) return 'multiInstance';
  if (/Event subprocess/i.test(p.message)) return 'eventSubProcess';
  if (/^Compensation/.test(p.message)) return 'compensation';
  const eventDef = /^A (\w+) (start event|end event|intermediate catch event|intermediate throw event|boundary event)/.exec(p.message);
  if (eventDef) return `${eventDef[1]} ${eventDef[2]}`;
  const type = p.elementType?.replace(/^bpmn:/, '');
  if (p.code === 'UNSUPPORTED_ELEMENT' && type) return type.charAt(0).toLowerCase() + type.slice(1);
  // Otherwise the element type and the message with its quoted values and ids blanked out, so equal causes group.
  const text = p.message.replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '…').replace(/\b\d+\b/g, 'N').slice(0, 120);
  return type ? `${type.charAt(0).toLowerCase()}${type.slice(1)}: ${text}` : text;
}

/** `onDeployed` is told when the file has deployed, before its smoke run (so a hang is placed). */
export async function classifyFile(xml: string, name: string, onDeployed?: () => void): Promise<FileOutcome> {
  const clock = virtualClock(START);
  const engine = createEngine({ clock, ids: sequentialIds('c') });
  const reported: unknown[] = [];
  engine.on('engine.error', (e) => reported.push(e.error));
  let processIds: string[];
  try {
    processIds = await engine.deploy({ bpmn: xml, name });
  } catch (err) {
    if (err instanceof DeployError) {
      const seen = new Set<string>();
      const refusals = err.problems.map((p) => ({ code: p.code, feature: featureOf(p) })).filter((r) => !seen.has(`${r.code} ${r.feature}`) && seen.add(`${r.code} ${r.feature}`));
      return { deploy: { kind: 'refused', refusals } };
    }
    return { deploy: { kind: 'crashed', error: describe(err) } };
  }
  const deploy: DeployOutcome = { kind: 'deployed', processIds };
  onDeployed?.();
  try {
    return { deploy, run: await smokeRun(engine, clock, processIds, reported) };
  } catch (err) {
    return { deploy, run: { kind: 'crashed', error: describe(err) } };
  } finally {
    await engine.close().catch(() => undefined);
  }
}

async function smokeRun(engine: ReturnType<typeof createEngine>, clock: ReturnType<typeof virtualClock>, processIds: string[], reported: unknown[]): Promise<RunOutcome> {
  const timers = new Map<string, number>();
  engine.on('event', (e: EngineEvent) => {
    if (e.type === 'timer.scheduled') timers.set(e.timerId, e.dueAt);
    else if (e.type === 'timer.fired' || e.type === 'timer.cancelled') timers.delete(e.timerId);
  });
  const instanceIds: string[] = [];
  // A job loop never lets the engine go idle: past the budget the handler fails, so the loop stops.
  let jobs = 0;
  const handler = () => {
    if (++jobs > MAX_JOBS) throw new Error('the corpus smoke run handled its budget of jobs');
    return {};
  };
  const typed = (err: unknown): RunOutcome => {
    if (err instanceof HandoffError) return { kind: 'refused', code: err.code, message: describe(err) };
    throw err;
  };
  for (const pid of processIds) {
    const model = await engine.processes.model(pid);
    for (const n of model.nodes) if (n.job) engine.jobs.register(n.job.type, handler);
    if (model.noneStart === undefined) continue;
    try {
      instanceIds.push((await engine.start(pid, {})).id);
    } catch (err) {
      return typed(err);
    }
  }
  if (!instanceIds.length) return { kind: 'notStarted' };
  const end = clock.now() + HORIZON_MS;
  let steps = 0;
  for (; steps < MAX_STEPS; steps++) {
    await engine.idle();
    if (reported.length) return { kind: 'crashed', error: describe(reported[0]) };
    if (jobs > MAX_JOBS || timers.size > MAX_TIMERS) return { kind: 'bounded', steps };
    const [task] = await engine.tasks.query({ state: ['open', 'claimed'] });
    if (task) {
      const roles = [...task.candidateGroups, ...(task.role ? [task.role] : [])];
      try {
        await engine.tasks.complete(task.id, { id: task.assignee ?? 'corpus', roles }, {});
      } catch (err) {
        return typed(err);
      }
      continue;
    }
    const infos = await Promise.all(instanceIds.map((id) => engine.instances.get(id)));
    const active = infos.filter((i) => i?.status === 'active');
    const incidents = active.flatMap((i) => i!.incidents.map((x) => x.code));
    if (incidents.length) return { kind: 'incident', steps, codes: [...new Set(incidents)] };
    if (!active.length) return { kind: 'completed', steps };
    const next = Math.min(...timers.values());
    if (!Number.isFinite(next) || next > end) return { kind: 'waiting', steps, waitingAt: [...new Set(active.flatMap((i) => i!.activeElements))] };
    await clock.advanceTo(Math.max(next, clock.now()));
  }
  await engine.idle();
  if (reported.length) return { kind: 'crashed', error: describe(reported[0]) };
  return { kind: 'bounded', steps };
}

/**
 * Conditional events at run time, with Camunda 8's semantics (docs: "Conditionals";
 * decision 0025). No state is kept between commands: the conditional events that listen are
 * derived from the tokens (a catch event's waiting token — also on an event-based gateway
 * before it —, the armed host of a boundary
 * event, an active scope with conditional event subprocess starts), and what a command
 * changed is tracked only while it runs.
 *
 * - **On activation** the condition is evaluated: a boundary event when its activity is
 *   entered (after the input mappings), a catch event when its token arrives, an event
 *   subprocess start when its scope starts.
 * - **On variable changes**: every write through the scope chain (task, job and call
 *   results, message and signal payloads, output mappings, incident-retry variables) is
 *   noted with its scope and kind (`create` / `update`; a write of an equal value is no
 *   change). When the command's tokens have settled, each listening event that can see a
 *   changed variable it reads (the names its FEEL condition mentions, or its
 *   `camunda:variableName` / `zeebe:conditionalFilter variableNames`), of a kind its
 *   `variableEvents` allow, is evaluated once — top-down, outer scopes first — and fires if
 *   the condition is `true`. Level-triggered at change points, not edge-triggered: a
 *   non-interrupting event whose condition stays true fires again on the next relevant
 *   change. A condition that fails or gives a non-boolean counts as not true.
 * - An activity's own completion does not fire its boundary events: the token has left
 *   before the pass runs (Camunda 8: the subscription is removed first).
 *
 * @module
 */
import type { EventDef, ProcessModel } from '../model/types';
import type { Execution } from './state';
import type { Step } from './step';

type Conditional = Extract<EventDef, { type: 'conditional' }>;

interface Change {
  /** The scope holding the variable (execution id; 0: the process). */
  s: number;
  name: string;
  kind: 'create' | 'update';
  seq: number;
}

interface Pending {
  seq: number;
  changes: Change[];
  /** Events to evaluate on activation: `${owner}:${node}`. */
  checks: Set<string>;
  /** When each event was activated in this command (changes before it do not concern it). */
  activated: Map<string, number>;
}

const PENDING = new WeakMap<Step, Pending>();
const HAS_CONDITIONALS = new WeakMap<ProcessModel, boolean>();

/** Does the process have a conditional event anywhere? (Nothing is tracked otherwise.) */
export function hasConditionals(model: ProcessModel): boolean {
  let has = HAS_CONDITIONALS.get(model);
  if (has === undefined) HAS_CONDITIONALS.set(model, (has = model.nodes.some((n) => n.event?.type === 'conditional')));
  return has;
}

function pendingOf(step: Step): Pending {
  let p = PENDING.get(step);
  if (!p) PENDING.set(step, (p = { seq: 0, changes: [], checks: new Set(), activated: new Map() }));
  return p;
}

const own = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/** `vars` are about to be written into the scope chain of `from` (as `runtime/scope.ts` writes them): note the changes. */
export function noteVariableWrites(step: Step, from: Execution | undefined, vars: Readonly<Record<string, unknown>>): void {
  if (!hasConditionals(step.model)) return;
  const p = pendingOf(step);
  for (const name of Object.keys(vars)) {
    let holder: Execution | undefined;
    for (let cur = from; cur; cur = cur.s === 0 ? undefined : step.exec(cur.s)) {
      if (cur.v && own(cur.v, name)) {
        holder = cur;
        break;
      }
    }
    const scope = holder ? holder.v! : step.state.variables;
    const had = own(scope, name);
    if (had && JSON.stringify(scope[name]) === JSON.stringify(vars[name])) continue;
    p.changes.push({ s: holder?.id ?? 0, name, kind: had ? 'update' : 'create', seq: ++p.seq });
  }
}

/** Conditional event `n` of `owner` (0: the process) starts listening; `check`: evaluate it when the tokens settle. */
export function activateCondition(step: Step, owner: number, n: number, check: boolean): void {
  const p = pendingOf(step);
  const key = `${owner}:${n}`;
  p.activated.set(key, p.seq);
  if (check) p.checks.add(key);
}

/** Is the condition of event `n` true in the scope of `owner` (id 0: the process)? */
export function conditionHolds(step: Step, owner: Execution, n: number): boolean {
  const ev = step.node(n).event;
  if (ev?.type !== 'conditional') return false;
  const r = step.evaluate(ev.condition, owner.id === 0 ? undefined : owner);
  return r.ok && r.value === true;
}

interface Candidate {
  owner: Execution;
  n: number;
  order: number;
  kind: 'catch' | 'boundary' | 'start' | 'gateway';
}

/**
 * Evaluate the conditional events the command's changes and activations concern (called
 * when the tokens have settled). Returns whether one fired (the step then runs on).
 */
export function evaluateConditions(step: Step): boolean {
  const p = PENDING.get(step);
  if (!p || (!p.changes.length && !p.checks.size)) return false;
  const { changes, checks } = p;
  p.changes = [];
  p.checks = new Set();
  let fired = false;
  for (const c of candidates(step)) {
    if (step.state.status !== 'active') break;
    if (!listening(step, c)) continue;
    const key = `${c.owner.id}:${c.n}`;
    const ev = step.node(c.n).event as Conditional;
    const since = p.activated.get(key) ?? -1;
    const due = checks.has(key) || changes.some((ch) => ch.seq > since && relevant(ev, ch) && visible(step, ch.s, c.owner));
    if (!due || !conditionHolds(step, c.owner, c.n)) continue;
    step.triggerCatch(c.owner, c.n);
    fired = true;
  }
  return fired;
}

function relevant(ev: Conditional, ch: Change): boolean {
  const names = ev.variableNames ?? ev.reads;
  if (names && !names.includes(ch.name)) return false;
  return !ev.variableEvents || ev.variableEvents.includes(ch.kind);
}

/** Can `owner` see a variable held by scope `s`? */
function visible(step: Step, s: number, owner: Execution): boolean {
  if (s === 0) return true;
  for (let cur: Execution | undefined = owner.id === 0 ? undefined : owner; cur; cur = cur.s === 0 ? undefined : step.exec(cur.s)) if (cur.id === s) return true;
  return false;
}

function depth(step: Step, e: Execution): number {
  let d = 0;
  for (let cur = e; cur.s !== 0; d++) {
    const up = step.exec(cur.s);
    if (!up) break;
    cur = up;
  }
  return d;
}

const isConditional = (step: Step, n: number) => step.node(n).event?.type === 'conditional';

/** The conditional events listening now, outer scopes first (a scope's own boundary events, then its event subprocesses, then what runs inside). */
function candidates(step: Step): Candidate[] {
  const out: Candidate[] = [];
  for (const st of step.model.eventSubprocesses ?? []) if (isConditional(step, st)) out.push({ owner: step.waitOwner(0, st)!, n: st, order: -1, kind: 'start' });
  for (const e of step.state.ex) {
    const node = step.node(e.n);
    const d = depth(step, e) * 2;
    if (node.kind === 'intermediateCatchEvent' && node.event?.type === 'conditional') out.push({ owner: e, n: e.n, order: d, kind: 'catch' });
    if (node.kind === 'eventBasedGateway') {
      for (const f of node.outgoing) {
        const t = step.model.flows[f]!.target;
        if (isConditional(step, t)) out.push({ owner: e, n: t, order: d, kind: 'gateway' });
      }
    }
    for (const b of node.boundaries) if (isConditional(step, b)) out.push({ owner: e, n: b, order: d, kind: 'boundary' });
    for (const st of node.eventSubprocesses ?? []) if (isConditional(step, st)) out.push({ owner: e, n: st, order: d + 1, kind: 'start' });
  }
  return out.sort((a, b) => a.order - b.order);
}

/** Is candidate `c` still listening (an earlier one in this pass may have moved or cancelled it)? */
function listening(step: Step, c: Candidate): boolean {
  const e = c.owner;
  if (c.kind === 'start') {
    if (e.id !== 0 && (!step.alive(e) || e.w !== 'scope' || (step.node(e.n).loop !== undefined && e.li === undefined))) return false;
    return !interrupted(step, e.id);
  }
  if (!step.alive(e)) return false;
  if (c.kind === 'catch') return e.n === c.n && e.w === 'event';
  if (c.kind === 'gateway') return step.node(e.n).kind === 'eventBasedGateway' && e.w === 'event';
  // A boundary event listens while its activity runs: on the body of a multi-instance activity, not before its inputs are mapped or after it completed.
  if (step.node(e.n).loop !== undefined && e.li !== undefined) return false;
  if (step.node(c.n).attachedTo !== e.n) return false;
  if (e.inc !== undefined) {
    const phase = step.state.incidents.find((i) => i.id === e.inc)?.phase;
    if (phase === 'enter' || phase === 'leave') return false;
  }
  return true;
}

/** Has an interrupting event subprocess started in scope `scope` (its other event subprocesses are disarmed)? */
function interrupted(step: Step, scope: number): boolean {
  return step.state.ex.some((x) => {
    if (x.s !== scope) return false;
    const node = step.node(x.n);
    return node.triggeredByEvent === true && node.startNode !== undefined && step.node(node.startNode).cancelActivity !== false;
  });
}

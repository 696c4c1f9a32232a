/**
 * Validating a migration plan against one instance's state, and resolving it into a
 * {@link MigrateCommand}: plain data that `apply` carries out on the target version's model.
 * Every active state kind an {@link InstanceState} can hold is either migrated or refused
 * with a typed problem here — nothing is dropped without a record (decision 0029):
 *
 * - **tokens** (`state.ex`): every execution's element must map (explicitly, or by the same
 *   id) onto an element of the same kind ({@link migrationKind}) in the same scope (the
 *   image of its scope's element); a join's arrival flow must exist there too; a running
 *   listener phase only when the target runs the same listeners; a task waiting for a
 *   resource-pool unit only onto the same role; a pending decision never;
 * - **waits** (`state.timers`, `state.subs`): a catch event's own wait stays with its
 *   token; a boundary event, event-based gateway target or event subprocess start keeps its
 *   wait when it maps onto the matching element of the target host (timers keep their due
 *   time, subscriptions are reopened when the message, signal or key changes), ends when
 *   its element is gone or mapped to `null`; target waits no source wait maps to are armed;
 * - **incidents**, **compensation records** (`state.comp`) and queued compensation handlers
 *   (`e.cmp`) follow their elements, which must keep their kind (and be compensable);
 * - **SLA clocks** (`state.sla`) need a policy with the same id in the target and keep
 *   their elapsed time; job retries and job leases stay with their executions.
 *
 * @module
 */
import type { MigrationProblem } from '../errors';
import type { ListenerDef } from '../model/listeners';
import type { NodeModel, ProcessModel } from '../model/types';
import type { MigrateCommand } from '../runtime/command';
import type { Execution, InstanceState, ListenerPhase } from '../runtime/state';
import { perExecution } from '../sla/tracker';
import { stageTag, type SlaPolicy } from '../sla/policy';
import { holdsWait, migrationKind } from './kind';

/** A migration plan's element mapping: source element id → target element id, or `null` for a wait that should end. */
export type MigrationMapping = Readonly<Record<string, string | null>>;

/** The outcome of validating one instance: its problems, or the command that migrates it. */
export type InstancePlan = { ok: true; command: MigrateCommand } | { ok: false; problems: MigrationProblem[] };

/**
 * Problems of the mapping itself for one pair of versions: ids that are in neither model.
 * (An id unknown to the source of one instance may be known to another's source version.)
 */
export function mappingProblems(source: ProcessModel, target: ProcessModel, mapping: MigrationMapping): MigrationProblem[] {
  const out: MigrationProblem[] = [];
  for (const [from, to] of Object.entries(mapping)) {
    if (!source.byId.has(from)) out.push({ code: 'MAPPING_SOURCE_UNKNOWN', elementId: from, message: `The mapping names '${from}', which ${source.key} has no element with.`, hint: `use element ids of version ${source.version} as keys: [${source.nodes.map((n) => n.id).join(', ')}].` });
    if (to !== null && !target.byId.has(to)) out.push({ code: 'MAPPING_TARGET_UNKNOWN', elementId: from, targetElementId: to, message: `The mapping sends '${from}' to '${to}', which ${target.key} has no element with.`, hint: `map it to an element id of version ${target.version}: [${target.nodes.map((n) => n.id).join(', ')}], or to null for a wait that should end.` });
  }
  return out;
}

/** Validate `mapping` for `state` (on `source`) onto `target`; the problems, or the command. */
export function planInstanceMigration(source: ProcessModel, target: ProcessModel, state: InstanceState, mapping: MigrationMapping): InstancePlan {
  return new Planner(source, target, state, mapping).plan();
}

type Resolved = { idx: number } | { none: 'removed' | 'null' | 'unknown'; to?: string };

class Planner {
  private readonly problems: MigrationProblem[] = [];
  private readonly nodes = new Map<number, number>();
  private readonly flows = new Map<number, number>();
  private readonly used: Record<string, string> = {};
  private readonly drop: MigrateCommand['drop'] = [];
  private readonly arm: MigrateCommand['arm'] = [];
  /** Target waits already held: `${owner}:${targetNode}`. */
  private readonly held = new Set<string>();
  private readonly groups: MigrateCommand['groups'] = [];
  private readonly clocks: MigrateCommand['clocks'] = [];

  constructor(
    private readonly source: ProcessModel,
    private readonly target: ProcessModel,
    private readonly state: InstanceState,
    private readonly mapping: MigrationMapping,
  ) {}

  plan(): InstancePlan {
    const s = this.state;
    if (s.status !== 'active') {
      this.problem('INSTANCE_NOT_ACTIVE', undefined, `The instance is ${s.status}; only active instances migrate.`, 'leave ended instances out of the plan (their history stays on their version).');
      return { ok: false, problems: this.problems };
    }
    if (this.source.version === this.target.version) {
      this.problem('SAME_VERSION', undefined, `The instance already runs version ${this.target.version}.`, 'migrate it to another version, or leave it out of the plan.');
      return { ok: false, problems: this.problems };
    }
    for (const e of s.ex) this.execution(e);
    for (const inc of s.incidents) if (!this.state.ex.some((e) => e.id === inc.ex && e.n === inc.n)) this.incidentAtStart(inc.n, inc.ex);
    for (const t of s.timers) {
      if (t.s !== undefined) continue; // an SLA stage: the clock decides (below)
      this.wait('timer', t.id, t.ex, t.n, t.r === 1);
    }
    for (const sub of s.subs) this.wait('subscription', sub.id, sub.ex, sub.n, false, sub);
    this.newWaits();
    for (const r of s.comp ?? []) this.compensationRecord(r.n);
    for (const c of s.sla ?? []) this.clock(c.id, c.p, c.stage);
    if (this.problems.length) return { ok: false, problems: this.problems };
    return {
      ok: true,
      command: {
        type: 'migrate',
        fromVersion: this.source.version,
        toVersion: this.target.version,
        mapping: this.used,
        nodes: [...this.nodes],
        flows: [...this.flows],
        drop: this.drop,
        arm: this.arm,
        clocks: this.clocks,
        groups: this.groups,
      },
    };
  }

  // ------------------------------------------------------------ helpers

  private problem(code: string, elementId: string | undefined, message: string, hint: string, targetElementId?: string): void {
    this.problems.push({ code, instanceId: this.state.id, ...(elementId !== undefined ? { elementId } : {}), ...(targetElementId !== undefined ? { targetElementId } : {}), message, hint });
  }

  private src(n: number): NodeModel {
    return this.source.nodes[n]!;
  }

  private tgt(n: number): NodeModel {
    return this.target.nodes[n]!;
  }

  /** Where source node `n` goes: the explicit mapping, else the element with the same id. */
  private resolve(n: number): Resolved {
    const id = this.src(n).id;
    if (Object.hasOwn(this.mapping, id)) {
      const to = this.mapping[id];
      if (to === null) return { none: 'null' };
      const idx = this.target.byId.get(to!);
      return idx === undefined ? { none: 'unknown', to: to! } : { idx };
    }
    const idx = this.target.byId.get(id);
    return idx === undefined ? { none: 'removed' } : { idx };
  }

  private keep(n: number, idx: number): void {
    this.nodes.set(n, idx);
    this.used[this.src(n).id] = this.tgt(idx).id;
  }

  /** Map node `n` that must stay (a token, an incident, a record); `what` names it in problems. Returns the target index. */
  private required(n: number, what: string): number | undefined {
    const r = this.resolve(n);
    const id = this.src(n).id;
    if ('none' in r) {
      if (r.none === 'removed') this.problem('ELEMENT_REMOVED', id, `${what} is on ${id}, which version ${this.target.version} no longer has.`, `map ${id} to an element of the same kind in version ${this.target.version} (mapping: { "${id}": "<targetId>" }), or wait until the instance has left it.`);
      else if (r.none === 'null') this.problem('ELEMENT_MAPPED_TO_NONE', id, `${what} is on ${id}, which the mapping sends to null; only waits of boundary events, event-gateway targets and event subprocess starts may end.`, `map ${id} to an element of the same kind in version ${this.target.version}.`);
      // 'unknown' is reported once for the plan (MAPPING_TARGET_UNKNOWN).
      return undefined;
    }
    const from = migrationKind(this.src(n));
    const to = migrationKind(this.tgt(r.idx));
    if (from !== to) {
      this.problem('KIND_MISMATCH', id, `${what} is on ${id} (${from}); the plan moves it onto ${this.tgt(r.idx).id} (${to}), an element of another kind.`, `map ${id} to a ${from} of version ${this.target.version}.`, this.tgt(r.idx).id);
      return undefined;
    }
    this.keep(n, r.idx);
    return r.idx;
  }

  private exec(id: number): Execution | undefined {
    return this.state.ex.find((x) => x.id === id);
  }

  /** Is `e` an inner instance of a multi-instance body (its scope is the body, on the same node)? */
  private isInner(e: Execution): boolean {
    return e.s !== 0 && this.exec(e.s)?.n === e.n;
  }

  /** Has `e`'s activity armed its boundary events (it is past its start listeners and input mappings, not failed on leaving)? */
  private armed(e: Execution): boolean {
    if (e.l && (e.l.p === 'take' || e.l.p === 'start' || e.l.p === 'pstart')) return false;
    const inc = e.inc !== undefined ? this.state.incidents.find((i) => i.id === e.inc) : undefined;
    return !(inc && (inc.phase === 'enter' || inc.phase === 'leave'));
  }

  // ------------------------------------------------------------ tokens

  private execution(e: Execution): void {
    const node = this.src(e.n);
    const what = `A token (execution ${this.state.id}/${e.id}${e.w ? `, waiting for ${e.w}` : ''})`;
    const to = this.required(e.n, what);
    if (to === undefined) return;
    const t = this.tgt(to);
    // The scope: the target element must sit where the image of the token's scope is.
    if (!this.isInner(e)) {
      const scope = e.s === 0 ? undefined : this.exec(e.s);
      const image: Resolved = e.s === 0 ? { idx: -1 } : scope ? this.resolve(scope.n) : { none: 'unknown' };
      const expected = 'idx' in image ? image.idx : undefined; // an unmapped scope is its own problem
      if (e.s !== 0 && !scope) this.problem('UNKNOWN_WAIT', node.id, `${what} belongs to scope ${this.state.id}/${e.s}, which the instance does not have.`, 'this state is not one the engine makes; report it with the instance state.');
      else if (expected !== undefined && t.parent !== expected) {
        const where = (p: number, m: ProcessModel) => (p < 0 ? 'the process' : m.nodes[p]!.id);
        this.problem('SCOPE_MISMATCH', node.id, `${what} is on ${node.id} inside ${where(node.parent, this.source)}; its target ${t.id} is inside ${where(t.parent, this.target)}, not inside ${expected < 0 ? 'the process' : this.tgt(expected).id}.`, `map ${node.id} to an element in the same scope as its subprocess's target, or map the subprocess too.`, t.id);
      }
    }
    if (e.w === 'decision') this.problem('DECISION_PENDING', node.id, `${what} waits for its decision to be evaluated.`, 'migrate after the command evaluating it has committed (a decision is evaluated in the transaction that asks for it).');
    if (e.f !== undefined) {
      const flow = this.source.flows[e.f];
      const tf = flow ? this.target.flows.find((f) => f.id === flow.id && f.target === to) : undefined;
      if (tf) this.flows.set(e.f, tf.idx);
      else if (e.w === 'join') this.problem('JOIN_FLOW_MISSING', node.id, `${what} waits at join ${node.id}, arrived by flow ${flow?.id}; ${t.id} in version ${this.target.version} has no incoming flow with that id.`, `keep the flow id ${flow?.id} into ${t.id}, or migrate after the join fired.`, t.id);
    }
    // after the flow: a token in its take listeners compares the listeners of the flow's target counterpart
    if (e.l) this.listenerPhase(e, node, t);
    if (e.task) {
      if (e.task.st === 'waiting' && node.userTask?.role !== t.userTask?.role) {
        this.problem('TASK_WAITING_FOR_POOL', node.id, `Task ${this.state.id}/${e.task.id} waits for a unit of the resource pool of role '${node.userTask?.role}'; its target ${t.id} has role '${t.userTask?.role}'.`, `map it to a task of the same lane (role), or migrate after the pool granted it.`, t.id);
      }
      if (e.task.g === undefined) this.groups.push([e.task.id, [...(node.userTask?.candidateGroups ?? [])]]);
    }
    for (const q of e.cmp?.q ?? []) {
      const h = this.required(q.h, `A compensation handler queued by ${node.id}`);
      if (h !== undefined && !this.tgt(h).forCompensation) this.problem('COMPENSATION_HANDLER_MISSING', this.src(q.h).id, `${this.tgt(h).id} is not a compensation handler in version ${this.target.version}.`, `map ${this.src(q.h).id} to a compensation handler (isForCompensation).`, this.tgt(h).id);
    }
  }

  /** A token in a listener phase keeps its place only when the target runs the same listeners there. */
  private listenerPhase(e: Execution, node: NodeModel, t: NodeModel): void {
    const p = e.l!.p;
    const tf = e.f !== undefined ? this.flows.get(e.f) : undefined;
    const from = listenersOf(this.source, node, e.f, p);
    const to = listenersOf(this.target, t, tf, p);
    if (signature(from) !== signature(to)) {
      this.problem('LISTENER_RUNNING', node.id, `Execution ${this.state.id}/${e.id} runs its '${p}' listeners (listener ${e.l!.i + 1} of ${from.length}); ${t.id} in version ${this.target.version} has other '${p}' listeners.`, `migrate after the listener job completed, or keep the '${p}' listeners of ${t.id} as they are.`, t.id);
    }
  }

  /** An incident that is not on its execution's node: a process-level event subprocess start that failed to arm. */
  private incidentAtStart(n: number, ex: number): void {
    const to = this.required(n, `An incident (on ${ex === 0 ? 'the process' : `execution ${ex}`})`);
    if (to !== undefined) this.held.add(`${ex}:${to}`);
  }

  // ------------------------------------------------------------ waits

  /** One timer or subscription of the state: kept with its owner, kept on a mapped element, or ended. */
  private wait(kind: 'timer' | 'subscription', id: number, ex: number, n: number, retry: boolean, sub?: { m: string; ck?: string; k?: 'signal' }): void {
    const owner = ex === 0 ? undefined : this.exec(ex);
    const node = this.src(n);
    if (owner && owner.n === n) {
      // A catch event's or a task's own wait (a job retry): it moves with its token; a
      // subscription whose message (or key) the target changed is opened again there.
      const to = this.nodes.get(n);
      if (sub && to !== undefined && !sameSubscription(node, this.tgt(to))) {
        this.drop.push({ kind, id, elementId: node.id, elementType: node.bpmnType });
        this.arm.push({ ex, n: to });
      }
      return;
    }
    if (retry) return this.problem('UNKNOWN_WAIT', node.id, `Job retry timer ${this.state.id}/${id} is not on its execution's element.`, 'retry the job or resolve its incident, then migrate.');
    let host: number | undefined;
    let where: readonly number[] | undefined;
    if (owner && this.src(owner.n).boundaries.includes(n)) {
      host = this.nodes.get(owner.n);
      where = host === undefined ? undefined : this.tgt(host).boundaries;
    } else if (owner && this.src(owner.n).kind === 'eventBasedGateway') {
      host = this.nodes.get(owner.n);
      where = host === undefined ? undefined : this.tgt(host).outgoing.map((f) => this.target.flows[f]!.target);
    } else if (isEventSubprocessStart(this.source, n) && (ex === 0 || owner)) {
      host = ex === 0 ? -1 : this.nodes.get(owner!.n);
      where = host === undefined ? undefined : host < 0 ? (this.target.eventSubprocesses ?? []) : (this.tgt(host).eventSubprocesses ?? []);
    } else {
      return this.problem('UNKNOWN_WAIT', node.id, `${kind === 'timer' ? 'Timer' : 'Subscription'} ${this.state.id}/${id} on ${node.id} belongs to no token that can carry it.`, 'this state is not one the engine makes; report it with the instance state.');
    }
    if (where === undefined) return; // its host is refused already
    const r = this.resolve(n);
    if ('none' in r) {
      if (r.none !== 'unknown') this.drop.push({ kind, id, elementId: node.id, elementType: node.bpmnType });
      return;
    }
    const t = this.tgt(r.idx);
    if (!where.includes(r.idx) || migrationKind(node) !== migrationKind(t)) {
      this.problem('WAIT_TARGET_MISMATCH', node.id, `${node.id} (${migrationKind(node)}) is armed for execution ${this.state.id}/${ex}; the plan maps it to ${t.id} (${migrationKind(t)}), which is not an event of the same kind on that execution's target.`, `map ${node.id} to a ${migrationKind(node)} on the target of its activity, gateway or scope — or to null to end it.`, t.id);
      return;
    }
    this.keep(n, r.idx);
    this.held.add(`${ex}:${r.idx}`);
    if (sub && !sameSubscription(node, t)) {
      // A message, signal or correlation key that changed: the subscription is opened again on the target.
      this.drop.push({ kind, id, elementId: node.id, elementType: node.bpmnType });
      this.arm.push({ ex, n: r.idx });
    }
  }

  /** Target waits that no source wait maps to: armed for the executions (and scopes) that hold them. */
  private newWaits(): void {
    const want = (ex: number, n: number) => {
      if (!holdsWait(this.tgt(n)) || this.held.has(`${ex}:${n}`)) return;
      this.held.add(`${ex}:${n}`);
      this.arm.push({ ex, n });
    };
    const interrupted = (scope: number) => this.state.ex.some((x) => x.s === scope && this.src(x.n).triggeredByEvent && this.src(this.src(x.n).startNode!).cancelActivity !== false);
    for (const e of this.state.ex) {
      const to = this.nodes.get(e.n);
      if (to === undefined || !this.armed(e)) continue;
      const t = this.tgt(to);
      // An inner instance of a multi-instance subprocess is a scope (it arms event subprocesses); its body holds the boundary events.
      if (t.kind === 'subProcess' && e.w === 'scope' && !e.mi && !interrupted(e.id)) for (const st of t.eventSubprocesses ?? []) want(e.id, st);
      if (this.isInner(e) || (t.loop && !e.mi)) continue;
      for (const b of t.boundaries) want(e.id, b);
      if (t.kind === 'eventBasedGateway' && e.w === 'event') for (const f of t.outgoing) want(e.id, this.target.flows[f]!.target);
    }
    if (!interrupted(0)) for (const st of this.target.eventSubprocesses ?? []) want(0, st);
  }

  // ------------------------------------------------------------ records and clocks

  private compensationRecord(n: number): void {
    const to = this.required(n, 'A compensation record (a completed activity a compensation throw may still compensate)');
    if (to === undefined) return;
    if (this.src(n).compensation && !this.tgt(to).compensation) {
      this.problem('COMPENSATION_LOST', this.src(n).id, `${this.src(n).id} completed and may still be compensated; ${this.tgt(to).id} in version ${this.target.version} has no compensation handler.`, `give ${this.tgt(to).id} a compensation boundary event and handler, or map ${this.src(n).id} to an activity that has one.`, this.tgt(to).id);
    }
  }

  private clock(id: number, policyId: string, stage: number): void {
    const from = this.source.slas?.find((p) => p.id === policyId);
    const to = this.target.slas?.find((p) => p.id === policyId);
    const elementId = from?.elementId;
    if (!from) return this.problem('UNKNOWN_WAIT', elementId, `SLA clock ${this.state.id}/${id} has policy '${policyId}', which ${this.source.key} does not define.`, 'this state is not one the engine makes; report it with the instance state.');
    if (!to) return this.problem('SLA_POLICY_REMOVED', elementId, `SLA clock ${this.state.id}/${id} of policy '${policyId}' is running; version ${this.target.version} has no SLA policy '${policyId}'.`, `keep an SLA policy with id '${policyId}' in version ${this.target.version} (handoff:sla or deploy config), or migrate after the clock stopped.`);
    if (perExecution(this.source, from) !== perExecution(this.target, to)) {
      return this.problem('SLA_POLICY_SCOPE_CHANGED', elementId, `SLA policy '${policyId}' measures ${perExecution(this.source, from) ? 'each execution of one activity' : 'the instance'} in version ${this.source.version} and ${perExecution(this.target, to) ? 'each execution of one activity' : 'the instance'} in version ${this.target.version}.`, `keep its start and stop anchors on the same activity (or not), or give the changed policy a new id.`);
    }
    this.clocks.push({ id, calendar: from.calendar, fired: from.stages.slice(0, stage).map(stageTag), limitChanged: limitOf(from) !== limitOf(to) });
  }
}

function limitOf(p: SlaPolicy): string {
  return JSON.stringify([p.limit, p.limitText ?? null, p.dueDate ?? null]);
}

function isEventSubprocessStart(model: ProcessModel, n: number): boolean {
  const node = model.nodes[n]!;
  return node.kind === 'startEvent' && node.parent >= 0 && model.nodes[node.parent]!.triggeredByEvent === true;
}

/** Whether a subscription of `from` may stay open for `to`: the same message (or signal) and correlation key. */
function sameSubscription(from: NodeModel, to: NodeModel): boolean {
  const a = from.event;
  const b = to.event;
  if (a?.type === 'message' && b?.type === 'message') return a.message === b.message && a.correlationKey?.source === b.correlationKey?.source;
  if (a?.type === 'signal' && b?.type === 'signal') return a.signal === b.signal;
  return false;
}

/** The listeners that phase `p` of a token on `node` (arrived by flow `f`) runs in `model`. */
function listenersOf(model: ProcessModel, node: NodeModel, f: number | undefined, p: ListenerPhase): readonly ListenerDef[] {
  switch (p) {
    case 'take':
      return f === undefined ? [] : (model.flows[f]?.listeners ?? []);
    case 'pstart':
      return model.listeners?.start ?? [];
    case 'pend':
      return model.listeners?.end ?? [];
    case 'start':
    case 'end':
      return node.listeners?.[p] ?? [];
    default:
      return node.listeners?.task?.[p] ?? [];
  }
}

function signature(list: readonly ListenerDef[]): string {
  return JSON.stringify(list.map((l) => [l.type, l.retries, l.headers]));
}

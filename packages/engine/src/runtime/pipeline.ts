/**
 * The command pipeline: the only path by which an instance changes. For one command on one
 * instance: load the state (this node's cache, else the store) → apply the command (a
 * {@link Transition}) → read the buffered messages its new subscriptions can take and apply
 * them → start the children its call activities ask for and apply the commands it has for
 * other instances (a parent to notify, a child to terminate), each on its own transition →
 * commit every changed instance's state, history, timers, tasks and subscriptions in one
 * store transaction with version checks → carry out the after-commit effects. Conflicts
 * are decided again on fresh data under the one retry policy (`runtime/retry.ts`).
 *
 * Commands on one instance are serialized; different instances run concurrently.
 *
 * A cached state never decides an outcome alone: a command that would write nothing, or
 * that is refused or conflicts, on a cached state is decided again on the stored state.
 *
 * @module
 */
import { CommitUnknownError, HandoffError, InvalidArgumentError, NotFoundError, StoreUnavailableError } from '../errors';
import type { ProcessModel } from '../model/types';
import type { CommitBatch, Store, TimerRecord } from '../store/types';
import type { Clock } from '../time/clock';
import { Transition, type CommandResult } from './apply';
import type { CallRequest } from './calls';
import { decide, type DecisionRequest } from '../dmn/request';
import type { DecisionModel } from '../dmn/types';
import { newInstanceState } from './commands';
import type { Command } from './command';
import { commitBatchOf, type Effect } from './effects';
import { recordsToMeasure } from './variables';
import type { InstanceEvent } from '../events/types';
import { retries, withRetry } from './retry';
import type { InstanceState } from './state';
import type { StateCache } from './stateCache';
import type { StepSettings } from './step';
import type { Work } from './work';

/** A command, or a function that builds it from the loaded state (e.g. to validate a task's output against its element's schema). */
export type CommandInput = Command | ((state: Readonly<InstanceState>, model: ProcessModel) => Command);

/** What the pipeline needs from the engine around it. */
export interface PipelineHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly settings: StepSettings;
  readonly cache: StateCache;
  readonly work: Work;
  /** The compiled model an instance is bound to. */
  model(processId: string, version: number): Promise<ProcessModel>;
  /** The same, when it is compiled already: no promise to wait for (every command's path). */
  compiled?(processId: string, version: number): ProcessModel | undefined;
  /** The model a call activity's child runs (its binding decides the version). @throws a HandoffError when there is none. */
  resolveCall(call: CallRequest): Promise<ProcessModel>;
  /** The decision version a business rule task evaluates (its binding decides). @throws a HandoffError when there is none. */
  resolveDecision(request: DecisionRequest): Promise<DecisionModel>;
  /** Refuse a transition's outcome that breaks a limit (the instance's variables, its new history): throws, nothing is written. */
  check(state: InstanceState, history: readonly InstanceEvent[]): void;
  /** The retention timer of an instance that ended in this transition (none when nothing is configured). */
  retention(state: InstanceState, model: ProcessModel, history: readonly InstanceEvent[]): TimerRecord[];
  /** A commit's outcome is unknown (the connection was lost after sending it): it may have landed with timers. */
  commitUnknown(): void;
  /** A commit is durable: publish its records, hand out its jobs, arm its timers. */
  committed(effects: readonly Effect[], extra?: Partial<CommitBatch>): void;
}

/** One instance's transition within a transaction. */
interface Part {
  t: Transition;
  expectedRev: number | null;
}

/** How many called instances one command may start (a call chain that never waits is an incident past it). */
const MAX_CROSS = 250;

interface Outcome {
  result: CommandResult;
  /** Whether anything was written (false: the command changed nothing). */
  wrote: boolean;
}

export class CommandPipeline {
  constructor(private readonly host: PipelineHost) {}

  /** Apply `input` to stored instance `instanceId`. @throws NotFoundError for an unknown instance, or the command's refusal. */
  run(instanceId: string, input: CommandInput): Promise<CommandResult> {
    return this.host.work.serialize(instanceId, () => this.runNow(instanceId, input));
  }

  /** {@link run}, in its turn on the instance: the cached state first, then the stored one under the retry policy. */
  private async runNow(instanceId: string, input: CommandInput): Promise<CommandResult> {
    const { cache, store } = this.host;
    const cached = cache.get(instanceId);
    if (cached) {
      try {
        const out = await this.once(cached, input, cached.rev);
        if (out.wrote) return out.result;
      } catch (err) {
        // The store is unavailable (or the commit's outcome unknown): tell the caller, never re-decide.
        if (err instanceof StoreUnavailableError) {
          cache.delete(instanceId);
          throw err;
        }
        // Refused or in conflict on a possibly stale copy: decided again on the stored state.
      }
      cache.delete(instanceId);
    }
    // withRetry's policy, written out: no closure per attempt on every command's path.
    for (let n = 1; ; n++) {
      const state = await store.getInstance(instanceId);
      if (!state) throw new NotFoundError('instance', instanceId);
      try {
        return (await this.once(state, input, state.rev)).result;
      } catch (err) {
        cache.delete(instanceId);
        if (!retries(err, n)) throw err;
      }
    }
  }

  /**
   * Create an instance: `fresh()` builds its initial state (again on every attempt), then
   * `start` is applied. Retried when a buffered message it took, or a subscription check,
   * conflicted; any other conflict (e.g. a start timer fired by another node) is final.
   */
  create(instanceId: string, fresh: () => InstanceState, startNode: number, extra?: Partial<CommitBatch>): Promise<InstanceState> {
    return this.host.work.serialize(instanceId, () =>
      withRetry(
        async () => {
          const state = fresh();
          await this.once(state, { type: 'start', startNode }, null, extra);
          return state;
        },
        (err) => err.reason === 'message' || err.reason === 'subscription',
      ),
    );
  }

  /**
   * One attempt: apply; deliver buffered messages; carry out the requests that cross
   * instances (children to start, commands for other instances) on their own transitions;
   * commit every changed instance in one store transaction; carry out the effects.
   */
  private async once(state: InstanceState, input: CommandInput, expectedRev: number | null, extra?: Partial<CommitBatch>): Promise<Outcome> {
    const { store, clock, cache } = this.host;
    const now = clock.now();
    const source = this.host.compiled?.(state.processId, state.processVersion) ?? (await this.host.model(state.processId, state.processVersion));
    const command = typeof input === 'function' ? input(state, source) : input;
    // A migration is applied with the model of the version the instance moves to.
    const model = command.type === 'migrate' ? await this.host.model(state.processId, command.toVersion) : source;
    const primary: Part = { t: new Transition(model, state, now, this.host.settings), expectedRev };
    const result = primary.t.apply(command);
    // Most commands open no keyed subscription and reach no other instance: no await, and one part, then.
    let out: (Part & { effects: Effect[] })[];
    if (primary.t.unsettled) {
      const parts = new Map<string, Part>([[state.id, primary]]);
      await this.settle(parts, now);
      out = [];
      for (const p of parts.values()) out.push({ t: p.t, expectedRev: p.expectedRev, effects: p.t.finish() });
      if (out.every((p) => !p.effects.length) && expectedRev !== null) return { result, wrote: false };
    } else {
      const effects = primary.t.finish();
      if (!effects.length && expectedRev !== null) return { result, wrote: false };
      out = [{ t: primary.t, expectedRev, effects }];
    }
    for (const p of out) {
      const history = p.t.records;
      this.host.check(p.t.state, recordsToMeasure(history));
      if (p.t.state.status !== 'active') for (const timer of this.host.retention(p.t.state, p.t.model, history)) p.effects.push({ type: 'timer.put', timer });
    }
    for (const p of out) p.t.state.rev = (p.expectedRev ?? 0) + 1;
    try {
      const batch = commitBatchOf(out.map((p) => ({ state: p.t.state, expectedRev: p.expectedRev, effects: p.effects })), now, extra);
      // This pipeline never touches a state once it is committed (a state cache keeps its own copy as text): decision 0036.
      batch.handover = true;
      await store.commit(batch);
    } catch (err) {
      if (err instanceof CommitUnknownError) this.host.commitUnknown();
      throw err;
    }
    for (const p of out) cache.set(p.t.state);
    this.host.committed(out.length === 1 ? out[0]!.effects : out.flatMap((p) => p.effects), extra);
    return { result, wrote: true };
  }

  /**
   * Run the transaction to rest: buffered messages for every new subscription, then the
   * cross-instance requests, until none is left. Bounded: a call chain that never waits
   * ends in an incident on the call activity that would pass the bound.
   */
  private async settle(parts: Map<string, Part>, now: number): Promise<void> {
    let applied = 0;
    for (;;) {
      for (const p of parts.values()) await this.deliverBuffered(p.t);
      let pending = false;
      for (const p of parts.values()) if (p.t.hasCrossEffects()) pending = true;
      if (!pending) return;
      const work = [...parts.values()].map((p) => ({ from: p, ...p.t.takeCrossEffects() })).filter((w) => w.calls.length || w.commands.length || w.decisions.length);
      if (!work.length) return;
      for (const w of work) {
        for (const request of w.decisions) {
          w.from.t.apply({ type: 'decision.result', execution: request.execution, outcome: await decide(request, (r) => this.host.resolveDecision(r)) });
        }
        for (const call of w.calls) {
          if (++applied > MAX_CROSS) {
            w.from.t.apply({ type: 'call.failed', execution: call.execution, child: call.childId, code: 'STEP_LIMIT', message: `One command started more than ${MAX_CROSS} called instances or cross-instance steps; ${call.elementId} did not start '${call.processId}'. The call chain probably never waits (a process calling itself). Fix the model and retry the incident.` });
            continue;
          }
          await this.startChild(parts, w.from, call, now);
        }
        for (const c of w.commands) {
          if (++applied > MAX_CROSS * 4) throw new InvalidArgumentError('command', `one command caused more than ${MAX_CROSS * 4} cross-instance steps`, 'check the call activities of the processes involved for a cycle that never waits.');
          const target = parts.get(c.instanceId) ?? (await this.load(parts, c.instanceId, now));
          if (target) target.t.apply(c.command);
        }
      }
    }
  }

  /** A called instance, started on a fresh state in this transaction; a failure is an incident on the call activity. */
  private async startChild(parts: Map<string, Part>, from: Part, call: CallRequest, now: number): Promise<void> {
    let model: ProcessModel;
    try {
      model = await this.host.resolveCall(call);
    } catch (err) {
      if (!(err instanceof HandoffError)) throw err;
      from.t.apply({ type: 'call.failed', execution: call.execution, child: call.childId, code: 'CALLED_PROCESS_NOT_FOUND', message: `${call.elementId} cannot start process '${call.processId}': ${err.message} Deploy it (or fix the call activity) and retry the incident.` });
      return;
    }
    if (model.noneStart === undefined) {
      from.t.apply({ type: 'call.failed', execution: call.execution, child: call.childId, code: 'CALLED_PROCESS_NOT_FOUND', message: `${call.elementId} cannot start process '${model.id}': it has no none start event. Give it one and retry the incident.` });
      return;
    }
    const state = newInstanceState(model, call.childId, call.variables, call.businessKey, now);
    state.parent = { id: call.parentId, ex: call.execution };
    const part: Part = { t: new Transition(model, state, now, this.host.settings), expectedRev: null };
    parts.set(state.id, part);
    part.t.apply({ type: 'start', startNode: model.noneStart });
  }

  /** Another instance this transaction touches, read from the store (never from the cache: it decides here). */
  private async load(parts: Map<string, Part>, instanceId: string, now: number): Promise<Part | undefined> {
    const state = await this.host.store.getInstance(instanceId);
    if (!state) return undefined;
    const model = await this.host.model(state.processId, state.processVersion);
    const part: Part = { t: new Transition(model, state, now, this.host.settings), expectedRev: state.rev };
    parts.set(instanceId, part);
    return part;
  }

  /** Offer the subscriptions the transition opened the messages buffered for them, until no new one opens. */
  private async deliverBuffered(t: Transition): Promise<void> {
    for (;;) {
      const subs = t.subscriptionsToOffer();
      if (!subs.length) return;
      const offers = [];
      for (const sub of subs) {
        const taken = t.takenMessages();
        const messages = (await this.host.store.findMessages(sub.messageName, sub.keyKind, sub.key!, t.now)).filter((m) => !taken.includes(m.id));
        if (messages.length) offers.push({ subscription: sub.localId, messages });
      }
      if (offers.length) t.apply({ type: 'messages.deliver', offers });
    }
  }
}

/**
 * The command pipeline: the only path by which an instance changes. For one command on one
 * instance: load the state (this node's cache, else the store) → apply the command (a
 * {@link Transition}) → read the buffered messages its new subscriptions can take and apply
 * them → commit state, history, timers, tasks and subscriptions in one store transaction
 * with a version check → carry out the after-commit effects. Conflicts are decided again on
 * fresh data under the one retry policy (`runtime/retry.ts`).
 *
 * Commands on one instance are serialized; different instances run concurrently.
 *
 * A cached state never decides an outcome alone: a command that would write nothing, or
 * that is refused or conflicts, on a cached state is decided again on the stored state.
 *
 * @module
 */
import { NotFoundError } from '../errors';
import type { ProcessModel } from '../model/types';
import type { CommitBatch, Store } from '../store/types';
import type { Clock } from '../time/clock';
import { Transition, type CommandResult } from './apply';
import type { Command } from './command';
import { commitBatchOf, type Effect } from './effects';
import { withRetry } from './retry';
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
  /** A commit is durable: publish its records, hand out its jobs, arm its timers. */
  committed(effects: readonly Effect[], extra?: Partial<CommitBatch>): void;
}

interface Outcome {
  result: CommandResult;
  /** Whether anything was written (false: the command changed nothing). */
  wrote: boolean;
}

export class CommandPipeline {
  constructor(private readonly host: PipelineHost) {}

  /** Apply `input` to stored instance `instanceId`. @throws NotFoundError for an unknown instance, or the command's refusal. */
  run(instanceId: string, input: CommandInput): Promise<CommandResult> {
    const { work, cache, store } = this.host;
    return work.serialize(instanceId, async () => {
      const cached = cache.get(instanceId);
      if (cached) {
        try {
          const out = await this.once(cached, input, cached.rev);
          if (out.wrote) return out.result;
        } catch {
          // Refused or in conflict on a possibly stale copy: decided again on the stored state.
        }
        cache.delete(instanceId);
      }
      return withRetry(async () => {
        const state = await store.getInstance(instanceId);
        if (!state) throw new NotFoundError('instance', instanceId);
        try {
          return (await this.once(state, input, state.rev)).result;
        } catch (err) {
          cache.delete(instanceId);
          throw err;
        }
      });
    });
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

  /** One attempt: apply, deliver buffered messages, commit, carry out. */
  private async once(state: InstanceState, input: CommandInput, expectedRev: number | null, extra?: Partial<CommitBatch>): Promise<Outcome> {
    const { store, clock, settings, cache } = this.host;
    const model = await this.host.model(state.processId, state.processVersion);
    const command = typeof input === 'function' ? input(state, model) : input;
    const now = clock.now();
    const t = new Transition(model, state, now, settings);
    const result = t.apply(command);
    await this.deliverBuffered(t);
    const effects = t.finish();
    if (!effects.length && expectedRev !== null) return { result, wrote: false };
    state.rev = (expectedRev ?? 0) + 1;
    await store.commit(commitBatchOf(state, expectedRev, effects, now, extra));
    cache.set(state);
    this.host.committed(effects, extra);
    return { result, wrote: true };
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

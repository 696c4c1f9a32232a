/**
 * `engine.instances.migrate` and `engine.instances.planMigration`: validate a plan for every
 * instance first (all problems of all instances, nothing changed when there is one), then
 * migrate each instance with one `migrate` command through the command pipeline — validated
 * again on the state it is applied to, committed atomically with its history, timers, tasks
 * and subscriptions under the optimistic version check (decision 0029).
 *
 * @module
 */
import { HandoffError, InvalidArgumentError, MigrationError, NotFoundError, type MigrationProblem } from '../errors';
import type { HistoryRecord } from '../events/types';
import type { ProcessModel } from '../model/types';
import { apply } from '../runtime/apply';
import type { MigrateCommand } from '../runtime/command';
import type { CommandInput } from '../runtime/pipeline';
import type { InstanceState } from '../runtime/state';
import type { StepSettings } from '../runtime/step';
import type { Store } from '../store/types';
import { mappingProblems, planInstanceMigration, type MigrationMapping } from './validate';

/** A migration plan for `engine.instances.migrate`. */
export interface MigrationPlan {
  /** The version of the instances' process to move them to. */
  toVersion: number;
  /**
   * Source element id → target element id. Elements not named map to the element with the
   * same id. `null` ends a wait (a boundary event, event-gateway target or event subprocess
   * start) the target should not keep under that id.
   */
  mapping?: MigrationMapping;
}

/** What `engine.instances.migrate` did. */
export interface MigrationResult {
  /** The instances migrated, in the order given. */
  migrated: string[];
}

/** What migrating one instance would do (`engine.instances.planMigration`, `handoff migrate --dry-run`). */
export interface MigrationPreview {
  instanceId: string;
  processId: string;
  fromVersion: number;
  toVersion: number;
  /** The element mapping it would use (same-id defaults included). */
  mapping: Record<string, string>;
  /** Tokens: execution id, source element, target element. */
  tokens: { executionId: string; from: string; to: string }[];
  /** Open tasks whose projection would be rewritten (same ids). */
  tasks: string[];
  /** Timers and subscriptions it would end, and the ones it would arm. */
  cancelled: { kind: 'timer' | 'subscription'; elementId: string }[];
  armed: { kind: 'timer' | 'subscription'; elementId: string }[];
  /** The history records it would write, in order. */
  history: HistoryRecord[];
}

/** What the migration needs from the engine. */
export interface MigrationHost {
  readonly store: Store;
  readonly settings: StepSettings;
  now(): number;
  model(processId: string, version: number): Promise<ProcessModel>;
  /** Send a command through the pipeline. */
  run(instanceId: string, input: CommandInput): Promise<unknown>;
}

interface Validated {
  state: InstanceState;
  source: ProcessModel;
  target: ProcessModel;
  command: MigrateCommand;
}

/** Validate the plan for every instance. @throws InvalidArgumentError for a malformed call, MigrationError listing every problem. */
async function validateAll(host: MigrationHost, instanceIds: readonly string[], plan: MigrationPlan): Promise<Validated[]> {
  checkArguments(instanceIds, plan);
  const mapping = plan.mapping ?? {};
  const problems: MigrationProblem[] = [];
  const out: Validated[] = [];
  const checkedPairs = new Set<string>();
  const targets = new Map<string, ProcessModel | undefined>();
  for (const id of instanceIds) {
    const state = await host.store.getInstance(id);
    if (!state) {
      problems.push({ code: 'INSTANCE_NOT_FOUND', instanceId: id, message: `No instance '${id}'.`, hint: 'check the instance ids; engine.instances.list({ processId }) lists them.' });
      continue;
    }
    const source = await host.model(state.processId, state.processVersion);
    if (!targets.has(state.processId)) {
      const target = await host.model(state.processId, plan.toVersion).catch((err: unknown) => {
        if (!(err instanceof NotFoundError)) throw err;
        problems.push({ code: 'TARGET_VERSION_UNKNOWN', instanceId: id, message: `Process '${state.processId}' has no version ${plan.toVersion}.`, hint: `deploy the changed BPMN file first, then migrate to the version engine.deploy made (engine.processes.list() lists them).` });
        return undefined;
      });
      targets.set(state.processId, target);
    }
    const target = targets.get(state.processId);
    if (!target) continue;
    if (!checkedPairs.has(`${source.key}>${target.key}`)) {
      checkedPairs.add(`${source.key}>${target.key}`);
      problems.push(...mappingProblems(source, target, mapping));
    }
    const r = planInstanceMigration(source, target, state, mapping);
    if (!r.ok) problems.push(...r.problems);
    else out.push({ state, source, target, command: r.command });
  }
  if (problems.length) throw new MigrationError(problems);
  return out;
}

/**
 * Migrate the instances to `plan.toVersion`. Every instance is validated first; when any
 * problem is found, a {@link MigrationError} lists them all and no instance changes. Then
 * each instance migrates in its own transaction (validated again on the state it is applied
 * to).
 */
export async function migrateInstances(host: MigrationHost, instanceIds: readonly string[], plan: MigrationPlan): Promise<MigrationResult> {
  const validated = await validateAll(host, instanceIds, plan);
  const mapping = plan.mapping ?? {};
  const migrated: string[] = [];
  for (const v of validated) {
    const input = (state: Readonly<InstanceState>, source: ProcessModel) => {
      const r = planInstanceMigration(source, v.target, state as InstanceState, mapping);
      if (!r.ok) throw new MigrationError(r.problems, migrated);
      return r.command;
    };
    try {
      await host.run(v.state.id, input);
    } catch (err) {
      if (!migrated.length || !(err instanceof HandoffError)) throw err;
      if (err instanceof MigrationError) throw new MigrationError([...err.problems], migrated);
      throw new MigrationError([{ code: 'MIGRATION_INTERRUPTED', instanceId: v.state.id, message: `Migrating ${v.state.id} failed: ${err.message}`, hint: 'fix the cause and migrate the instances not listed as migrated again.' }], migrated);
    }
    migrated.push(v.state.id);
  }
  return { migrated };
}

/**
 * What {@link migrateInstances} would do, computed by applying each instance's command to a
 * copy of its state (`apply` is pure): nothing is written.
 * @throws MigrationError listing every problem, as `migrate` would.
 */
export async function previewMigration(host: MigrationHost, instanceIds: readonly string[], plan: MigrationPlan): Promise<MigrationPreview[]> {
  const validated = await validateAll(host, instanceIds, plan);
  const now = host.now();
  return validated.map(({ state, source, target, command }) => {
    const { effects, state: next } = apply(target, state, command, now, host.settings);
    const history = effects.flatMap((e) => (e.type === 'history' ? [...e.records] : []));
    return {
      instanceId: state.id,
      processId: state.processId,
      fromVersion: source.version,
      toVersion: target.version,
      mapping: command.mapping,
      tokens: state.ex.map((e) => ({ executionId: `${state.id}/${e.id}`, from: source.nodes[e.n]!.id, to: target.nodes[next.ex.find((x) => x.id === e.id)!.n]!.id })),
      tasks: effects.flatMap((e) => (e.type === 'task.put' ? [e.task.id] : [])),
      cancelled: command.drop.map((d) => ({ kind: d.kind, elementId: d.elementId })),
      armed: command.arm.map((a) => ({ kind: target.nodes[a.n]!.event?.type === 'timer' ? ('timer' as const) : ('subscription' as const), elementId: target.nodes[a.n]!.id })),
      history,
    };
  });
}

function checkArguments(instanceIds: readonly string[], plan: MigrationPlan): void {
  if (!Array.isArray(instanceIds) || !instanceIds.length || instanceIds.some((id) => typeof id !== 'string' || !id)) {
    throw new InvalidArgumentError('instanceIds', `expected a non-empty list of instance ids, got ${JSON.stringify(instanceIds)}`, "pass the ids of the instances to migrate, e.g. engine.instances.migrate(['inst-1'], { toVersion: 2 }).");
  }
  if (new Set(instanceIds).size !== instanceIds.length) throw new InvalidArgumentError('instanceIds', 'an instance id is listed twice', 'list each instance once.');
  if (!plan || typeof plan !== 'object' || !Number.isInteger(plan.toVersion) || plan.toVersion < 1) {
    throw new InvalidArgumentError('toVersion', `expected a version number >= 1, got ${JSON.stringify(plan?.toVersion)}`, 'pass the deployed version to migrate to, e.g. { toVersion: 2 }; engine.processes.list() lists them.');
  }
  const m = plan.mapping;
  if (m !== undefined && (m === null || typeof m !== 'object' || Array.isArray(m) || Object.values(m).some((v) => v !== null && (typeof v !== 'string' || !v)))) {
    throw new InvalidArgumentError('mapping', `expected { sourceElementId: targetElementId | null }, got ${JSON.stringify(m)}`, 'map element ids of the instances\' version to element ids of the target version, e.g. { "review": "check" }.');
  }
}

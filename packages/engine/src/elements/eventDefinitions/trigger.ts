/**
 * A receive task without a message (Camunda 7 / Flowable, where `runtimeService.signal` or
 * `trigger` continues it): the token waits until the host calls `engine.instances.trigger`
 * for the element: the `trigger` command, carried out by {@link triggerReceiveTask}. Nothing is
 * subscribed.
 *
 * @module
 */
import { InstanceStateError, InvalidArgumentError } from '../../errors';
import type { Step } from '../../runtime/step';
import type { EventDefinitionBehaviour } from './eventDefinition';

export const triggerDefinition: EventDefinitionBehaviour = {
  arm: () => true,
  wait: 'trigger',
};

/** The receive task `elementId` (without a message) waiting in execution `ex` (or the only one waiting there) goes on with `variables`. */
export function triggerReceiveTask(step: Step, elementId: string, ex: number | undefined, variables: Record<string, unknown>): void {
  if (step.state.status !== 'active') throw new InstanceStateError(step.state.id, step.state.status, 'trigger');
  const n = step.model.byId.get(elementId);
  const node = n === undefined ? undefined : step.model.nodes[n];
  if (!node || node.event?.type !== 'trigger') {
    throw new InvalidArgumentError('elementId', `'${elementId}' is not a receive task without a message in process ${step.model.id}`, 'trigger a receive task that has no messageRef; correlate a message (engine.messages.correlate) for the others.');
  }
  const waiting = step.state.ex.filter((e) => e.n === n && e.w === 'trigger' && (ex === undefined || e.id === ex));
  if (waiting.length === 0) {
    throw new InvalidArgumentError('elementId', `no token of instance ${step.state.id} waits at '${elementId}'${ex !== undefined ? ` in execution ${step.executionId(ex)}` : ''}`, 'trigger it while the instance waits there (engine.instances.get(id).activeElements).');
  }
  if (waiting.length > 1) {
    throw new InvalidArgumentError('executionId', `${waiting.length} tokens of instance ${step.state.id} wait at '${elementId}': ${waiting.map((e) => step.executionId(e.id)).join(', ')}`, 'pass { executionId } to trigger one of them.');
  }
  const e = waiting[0]!;
  step.clearWaits(e, 'all');
  step.writeResult(e, variables);
  step.leave(e);
}


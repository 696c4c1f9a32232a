/**
 * A receive task without a message (Camunda 7 / Flowable, where `runtimeService.signal` or
 * `trigger` continues it): the token waits until the host calls `engine.instances.trigger`
 * for the element (the `trigger` command in runtime/apply.ts). Nothing is subscribed.
 *
 * @module
 */
import type { EventDefinitionBehaviour } from './eventDefinition';

export const triggerDefinition: EventDefinitionBehaviour = {
  arm: () => true,
  wait: 'trigger',
};

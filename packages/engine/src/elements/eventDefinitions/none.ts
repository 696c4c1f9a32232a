/**
 * No event definition: a none end event ends its token; a none intermediate throw event
 * passes it on.
 *
 * @module
 */
import type { EventDefinitionBehaviour } from './eventDefinition';

export const noneDefinition: EventDefinitionBehaviour = {
  end(step, e) {
    step.leave(e);
  },
  throw(step, e) {
    step.leave(e);
  },
};

/**
 * Compensation events. A compensation boundary event arms nothing: it marks its activity
 * compensable, and its handler runs only when a compensation throw reaches a completion of
 * the activity. Throwing (intermediate throw, end event) runs the handlers of the scope and
 * waits for them (`runtime/compensation.ts`).
 *
 * @module
 */
import { throwCompensation } from '../../runtime/compensation';
import type { EventDefinitionBehaviour } from './eventDefinition';

export const compensateDefinition: EventDefinitionBehaviour = {
  end: throwCompensation,
  throw: throwCompensation,
};

/**
 * Service and send tasks: a job for the host handler registered under the task's type
 * (`zeebe:taskDefinition type`, `camunda:topic`, or the element id). The runtime calls
 * the handler after commit; its result comes back as a job command
 * (`runtime/commands.ts`): complete, fail (retry with backoff, then an incident) or a
 * BPMN error for a boundary event.
 *
 * @module
 */
import type { Behaviour } from './behaviour';

export const serviceTask: Behaviour = {
  execute(step, e) {
    const def = step.node(e.n).job!;
    e.job = { id: step.nextId(), left: def.retries, attempt: 1 };
    step.requestJob(e);
    step.emit('job.created', e.n, { jobId: step.globalId(e.job.id), jobType: def.type, attempt: 1, retriesLeft: def.retries }, e.id);
  },
};

/**
 * Parallel gateway: a join waits for one token on **each** incoming flow (per scope;
 * surplus tokens on the same flow wait for the next round, so joins in loops are correct),
 * then one token leaves along every outgoing flow.
 *
 * @module
 */
import type { Step } from '../runtime/step';
import { NO_PAYLOAD } from '../runtime/step';
import type { Execution } from '../runtime/state';
import type { Behaviour } from './behaviour';

export const parallelGateway: Behaviour = {
  execute(step, e) {
    const node = step.node(e.n);
    if (node.incoming.length <= 1) return step.leave(e);
    e.w = 'join';
    const picked = pickOnePerFlow(step, e, node.incoming);
    if (!picked) return;
    const keeper = picked.includes(e) ? e : picked[0]!;
    for (const p of picked) {
      if (p === keeper) continue;
      step.emit('activity.left', p.n, NO_PAYLOAD, p.id); // merged into the keeper: every arrival is entered and left
      step.remove(p);
    }
    step.leave(keeper);
  },
};

/** The oldest waiting token on each of `flows` at `e`'s join, or undefined if one is missing. */
export function pickOnePerFlow(step: Step, e: Execution, flows: readonly number[], allowMissing = false): Execution[] | undefined {
  const picked: Execution[] = [];
  for (const f of flows) {
    const x = step.state.ex.find((w) => w.n === e.n && w.s === e.s && w.w === 'join' && w.f === f);
    if (x) picked.push(x);
    else if (!allowMissing) return undefined;
  }
  return picked;
}

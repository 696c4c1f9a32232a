/**
 * Inclusive gateway. Split: every flow whose condition is true (else the default). Join:
 * waits only for tokens that can still arrive — it fires once no other token of the scope
 * sits on a node from which the join is reachable (precomputed at deploy), then merges
 * one waiting token per incoming flow.
 *
 * @module
 */
import type { Behaviour } from './behaviour';
import { chooseFlows } from './conditions';
import { pickOnePerFlow } from './parallelGateway';
import { NO_PAYLOAD } from '../runtime/step';

export const inclusiveGateway: Behaviour = {
  execute(step, e) {
    const node = step.node(e.n);
    if (node.incoming.length <= 1) {
      const chosen = chooseFlows(step, e, 'all');
      if (chosen) step.leave(e, chosen);
      return;
    }
    e.w = 'join';
    inclusiveGateway.tryJoin!(step, e);
  },
  tryJoin(step, e) {
    const node = step.node(e.n);
    const reach = node.reachableFrom!;
    const pending = step.state.ex.some((x) => x.s === e.s && !(x.n === e.n && x.w === 'join') && (reach.has(x.n) || x.n === e.n));
    if (pending) return false;
    const picked = pickOnePerFlow(step, e, node.incoming, true)!;
    const keeper = picked.includes(e) ? e : picked[0]!;
    for (const p of picked) {
      if (p === keeper) continue;
      step.emit('activity.left', p.n, NO_PAYLOAD, p.id); // merged into the keeper: every arrival is entered and left
      step.remove(p);
    }
    delete keeper.w;
    const chosen = chooseFlows(step, keeper, 'all');
    if (chosen) step.leave(keeper, chosen);
    return true;
  },
};

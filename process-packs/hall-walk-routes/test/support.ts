/** Test support: a hall engine on a virtual clock with the pack deployed and its resource pools. */
import { createEngine, sequentialIds, virtualClock, type Actor, type EngineEvent } from '@handoff/engine';
import { createHallPack, hallResources, type HallPackOptions, type HallStaffing } from '../src/index';

export const T0 = Date.parse('2026-03-02T09:00:00+08:00');
export const MIN = 60_000;
export const greeter: Actor = { id: 'gina', roles: ['greeter'] };
export const clerk: Actor = { id: 'clerk-1', roles: ['counter'] };
export const kiosk: Actor = { id: 'kiosk-1', roles: ['selfService'] };
export const manager: Actor = { id: 'duty', roles: ['hallManager'] };

/** A hall with the pack deployed; `visit(ticket, need, tier)` brings a customer through needs identification. */
export async function hall(staffing: HallStaffing = { greeters: 2, counters: 2, kiosks: 2 }, pack: HallPackOptions = {}) {
  const clock = virtualClock(T0);
  const engine = createEngine({ clock, ids: sequentialIds('visit'), resources: hallResources(staffing) });
  await engine.deploy(createHallPack(pack));
  const events: EngineEvent[] = [];
  engine.on('event', (e) => events.push(e));
  const task = async (ticket: string, elementId: string) => (await engine.tasks.query({ businessKey: ticket, elementId }))[0];
  return {
    engine,
    clock,
    events,
    task,
    /** The customer arrives and the greeter records need and tier; returns the instance id. */
    async visit(ticket: string, need: string, spendingTier: string): Promise<string> {
      const inst = await engine.start('hallWalkRoutes', { ticket }, { businessKey: ticket });
      await engine.idle();
      const t = await task(ticket, 'identifyNeeds');
      await engine.tasks.complete(t!.id, greeter, { need, spendingTier });
      await engine.idle();
      return inst.id;
    },
    /** Complete the customer's task on `elementId`. */
    async complete(ticket: string, elementId: string, actor: Actor, output: Record<string, unknown> = {}) {
      const t = await task(ticket, elementId);
      if (!t) throw new Error(`no task ${elementId} for ${ticket}`);
      await engine.tasks.complete(t.id, actor, output);
      await engine.idle();
    },
    async status(instanceId: string) {
      return (await engine.instances.get(instanceId))!;
    },
    ended: (instanceId: string) => events.filter((e) => e.type === 'activity.entered' && e.instanceId === instanceId && e.elementType === 'bpmn:EndEvent').map((e) => (e as { elementId: string }).elementId),
  };
}

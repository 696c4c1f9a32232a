/**
 * The quick-start flow (examples/quickstart/src/demo.ts) over any store: two customers,
 * li called back in time and activated, wang's callback late so the 30-minute timer fires
 * and the supervisor chases it. Returns the event trail and the final instances.
 */
import { createEngine, sequentialIds, virtualClock, type EngineEvent, type Store } from '@handoff/engine';
import { CALLBACK_BPMN } from './support';

export const ana = { id: 'ana', roles: ['fieldSales'] };
export const bo = { id: 'bo', roles: ['hotline'] };
export const chen = { id: 'chen', roles: ['supervisor', 'hotline'] };
export const handlers = { 'open-account': ({ variables }: { variables: Record<string, unknown> }) => ({ accountNo: `BB-${String(variables.customer).toUpperCase()}` }) };

export async function runQuickstart(store: Store) {
  const clock = virtualClock('2026-03-02T09:00:00+08:00', { zone: 'Asia/Shanghai' });
  const engine = createEngine({ store, clock, ids: sequentialIds('case'), handlers });
  const trail: EngineEvent[] = [];
  engine.on('event', (e) => trail.push(e));
  await engine.deploy({ bpmn: CALLBACK_BPMN, name: 'callback.bpmn' });
  const li = await engine.start('saleCallback', { customer: 'li', phone: '13800000001' }, { businessKey: 'li' });
  const wang = await engine.start('saleCallback', { customer: 'wang', phone: '13800000002' }, { businessKey: 'wang' });
  for (const task of await engine.tasks.query({ role: 'fieldSales', state: 'open' })) {
    await engine.tasks.complete(task.id, ana, { reportedBy: ana.id });
  }
  const [liCall] = await engine.tasks.query({ instanceId: li.id, elementId: 'callBack' });
  await clock.advance('PT10M');
  await engine.tasks.claim(liCall!.id, bo);
  await engine.tasks.complete(liCall!.id, bo, { interested: true });
  await engine.idle();
  await clock.advance('PT20M');
  const [chase] = await engine.tasks.query({ role: 'supervisor', state: 'open' });
  await engine.tasks.complete(chase!.id, chen, {});
  const [wangCall] = await engine.tasks.query({ instanceId: wang.id, elementId: 'callBack', state: 'open' });
  await engine.tasks.complete(wangCall!.id, bo, { interested: false });
  await engine.idle();
  const instances = [await engine.instances.get(li.id), await engine.instances.get(wang.id)];
  const history = [await engine.history(li.id), await engine.history(wang.id)];
  const tasks = await engine.tasks.query({});
  await engine.close();
  return { trail, instances, history, tasks };
}

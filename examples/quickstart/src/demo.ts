/**
 * The quick-start demo: a broadband sale callback drawn with three lanes (field sales,
 * hotline, hotline supervisor). Two customers; one is called back in time and activated,
 * the other's callback runs late, so the 30-minute timer fires on the virtual clock and
 * the supervisor chases it.
 */
import { readFileSync } from 'node:fs';
import { ForbiddenError, createEngine, sequentialIds, virtualClock, type EngineEvent } from '@handoff/engine';

const BPMN = readFileSync(new URL('../callback.bpmn', import.meta.url), 'utf8');

const ana = { id: 'ana', roles: ['fieldSales'] }; // field sales rep
const bo = { id: 'bo', roles: ['hotline'] }; // hotline agent
const chen = { id: 'chen', roles: ['supervisor', 'hotline'] }; // hotline supervisor

/** Run the demo; `print` receives each output line. Returns the event trail. */
export async function runDemo(print: (line: string) => void = console.log): Promise<EngineEvent[]> {
  const clock = virtualClock('2026-03-02T09:00:00+08:00', { zone: 'Asia/Shanghai' });
  const engine = createEngine({
    clock,
    ids: sequentialIds('case'),
    handlers: {
      // A service-task handler: here it would call the provisioning system.
      'open-account': ({ variables }) => ({ accountNo: `BB-${String(variables.customer).toUpperCase()}` }),
    },
  });
  const trail: EngineEvent[] = [];
  engine.on('event', (e) => trail.push(e));

  const local = (t: number) => new Date(t).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false });
  const at = () => local(clock.now()).slice(0, 5);
  print(`Deployed: ${(await engine.deploy({ bpmn: BPMN, name: 'callback.bpmn' })).join(', ')}`);

  // Two door-to-door visits at 09:00 Beijing time.
  const li = await engine.start('saleCallback', { customer: 'li', phone: '13800000001' }, { businessKey: 'li' });
  const wang = await engine.start('saleCallback', { customer: 'wang', phone: '13800000002' }, { businessKey: 'wang' });
  print(`${at()} started ${li.id} (li) and ${wang.id} (wang)`);

  // The field rep reports both sales.
  for (const task of await engine.tasks.query({ role: 'fieldSales', state: 'open' })) {
    await engine.tasks.complete(task.id, ana, { reportedBy: ana.id });
  }
  print(`${at()} ana (fieldSales) reported both sales`);

  // A field rep cannot do the hotline's work: the lane is the role.
  const [liCall] = await engine.tasks.query({ instanceId: li.id, elementId: 'callBack' });
  try {
    await engine.tasks.claim(liCall!.id, ana);
  } catch (err) {
    if (!(err instanceof ForbiddenError)) throw err;
    print(`${at()} refused: ${err.code}: ${err.message.split(' — ')[0]}`);
  }

  // Ten minutes later the hotline calls li back: interested, the account is opened.
  await clock.advance('PT10M');
  await engine.tasks.claim(liCall!.id, bo);
  await engine.tasks.complete(liCall!.id, bo, { interested: true });
  await engine.idle();
  print(`${at()} bo (hotline) called li back; li is ${(await engine.instances.get(li.id))?.status}`);

  // Nobody calls wang back: at 09:30 the non-interrupting timer fires and the supervisor is asked to chase.
  await clock.advance('PT20M');
  const [chase] = await engine.tasks.query({ role: 'supervisor', state: 'open' });
  print(`${at()} the 30-minute callback timer fired for ${chase!.instanceId}: "${chase!.name}" is open for the supervisor`);
  await engine.tasks.complete(chase!.id, chen, {});
  const [wangCall] = await engine.tasks.query({ instanceId: wang.id, elementId: 'callBack', state: 'open' });
  await engine.tasks.complete(wangCall!.id, bo, { interested: false });
  print(`${at()} wang is ${(await engine.instances.get(wang.id))?.status}`);

  print('');
  print('Event trail (Asia/Shanghai time):');
  for (const e of trail) {
    const where = 'elementId' in e ? ` ${e.elementId}` : '';
    const who = 'actor' in e && e.actor ? ` by ${e.actor.id}` : '';
    const inst = 'instanceId' in e ? `${e.instanceId}` : '';
    print(`  ${local(e.at)} ${inst.padEnd(7)} ${e.type.padEnd(18)}${where}${who}`);
  }
  await engine.close();
  return trail;
}

/**
 * Heap per open SLA clock: the same process parked at a user task with a 30-minute
 * non-interrupting boundary timer, with and without `handoff:sla` on that boundary. The
 * difference per instance is what tracking one open SLA clock costs (its state entry, its
 * stage timer in the store, its `sla.started` history record).
 *
 * @module
 */
import { createEngine, memoryStore, sequentialIds, virtualClock } from '../src/index';

const xml = (sla: boolean) => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:handoff="http://handoff.dev/schema/bpmn/1.0" id="d" targetNamespace="bench">
  <bpmn:process id="slaBench" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="review" />
    <bpmn:userTask id="review" /><bpmn:sequenceFlow id="f2" sourceRef="review" targetRef="end" /><bpmn:endEvent id="end" />
    <bpmn:boundaryEvent id="late" attachedToRef="review" cancelActivity="false"${sla ? ' handoff:sla="review"' : ''}>
      <bpmn:timerEventDefinition><bpmn:timeDuration xsi:type="bpmn:tFormalExpression">PT30M</bpmn:timeDuration></bpmn:timerEventDefinition>
    </bpmn:boundaryEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="late" targetRef="lateEnd" /><bpmn:endEvent id="lateEnd" />
  </bpmn:process>
</bpmn:definitions>`;

async function parkedHeap(sla: boolean, count: number, gc: () => void): Promise<number> {
  const engine = createEngine({ store: memoryStore(), clock: virtualClock('2026-03-02T09:00:00+08:00'), ids: sequentialIds('sla') });
  await engine.deploy({ bpmn: xml(sla) });
  await engine.start('slaBench'); // warm up, and check the clock is there
  if (sla !== (await engine.sla.clocks('sla-1')).length > 0) throw new Error('the SLA clock did not start as expected');
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 1; i < count; i++) await engine.start('slaBench');
  gc();
  const perInstance = (process.memoryUsage().heapUsed - before) / (count - 1);
  await engine.close();
  return perInstance;
}

/** Heap per parked instance without and with an open SLA clock, and the difference. */
export async function slaClockHeap(count: number, gc: () => void): Promise<{ count: number; without: number; with: number; perClock: number }> {
  const without = await parkedHeap(false, count, gc);
  gc();
  const withSla = await parkedHeap(true, count, gc);
  return { count, without, with: withSla, perClock: withSla - without };
}

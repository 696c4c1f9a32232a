/**
 * Test support: an engine on a virtual clock with deterministic ids, an event trail,
 * and fixture loading. Scenarios read as Given / When / Then over `.bpmn` fixtures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, sequentialIds, virtualClock, type Actor, type EngineEvent, type EngineOptions, type MemoryStore, memoryStore } from '../src/index';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** Read a fixture file from test/fixtures. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** A fresh engine on a virtual clock (2026-03-02 09:00 +08:00), sequential ids, memory store. */
export function testEngine(options: EngineOptions & { start?: string } = {}) {
  const clock = virtualClock(options.start ?? '2026-03-02T09:00:00+08:00');
  const store = (options.store as MemoryStore | undefined) ?? memoryStore();
  const engine = createEngine({ clock, ids: sequentialIds('inst'), ...options, store });
  const events: EngineEvent[] = [];
  engine.on('event', (e) => events.push(e));
  return {
    engine,
    clock,
    store,
    events,
    /** `type:elementId` pairs of the trail (elementId when the event has one). */
    trail(filter?: (e: EngineEvent) => boolean): string[] {
      return events.filter(filter ?? (() => true)).map((e) => ('elementId' in e ? `${e.type}:${e.elementId}` : e.type));
    },
    /** Deploy a fixture file. */
    deploy(name: string, extra: Record<string, unknown> = {}) {
      return engine.deploy({ bpmn: fixture(name), name, ...extra });
    },
    /** The open tasks of an instance. */
    async openTasks(instanceId: string) {
      return engine.tasks.query({ instanceId, state: ['open', 'claimed'] });
    },
    /** Complete the single open task on `elementId` of the instance as `actor`. */
    async completeTask(instanceId: string, elementId: string, actor: Actor, output: Record<string, unknown> = {}) {
      const tasks = await engine.tasks.query({ instanceId, elementId, state: ['open', 'claimed'] });
      if (tasks.length !== 1) throw new Error(`expected one open task on ${elementId}, found ${tasks.length}`);
      return engine.tasks.complete(tasks[0]!.id, actor, output);
    },
  };
}

/** An actor holding the given roles. */
export const actor = (id: string, ...roles: string[]): Actor => ({ id, roles });

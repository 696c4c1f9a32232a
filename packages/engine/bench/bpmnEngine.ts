/**
 * Drives bpmn-engine (paed01) for the benchmark: one `Engine` per instance, as its API
 * intends, built from a `sourceContext` serialized once per fixture (so XML parsing is
 * not counted, as Handoff's deploy is not). User tasks are signalled as soon as they wait.
 *
 * bpmn-elements and moddle-context-serializer are bpmn-engine's own dependencies; they
 * are loaded from bpmn-engine's install so both share one copy of bpmn-elements.
 *
 * @module
 */
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Engine, type BpmnEngineOptions } from 'bpmn-engine';
import type { BenchFixture } from './fixtures';

type SourceContext = NonNullable<BpmnEngineOptions['sourceContext']>;

/** Minimal view of what a bpmn-engine listener receives. */
interface ElementApi {
  id: string;
  type: string;
  environment: { variables: Record<string, unknown> };
  signal(message?: unknown): void;
}

const benchRequire = createRequire(import.meta.url);
const engineRequire = createRequire(benchRequire.resolve('bpmn-engine'));

/** The root folder of an installed package, found from a file it resolves to. */
function packageRoot(name: string, req: NodeJS.Require = engineRequire): string {
  let dir = dirname(req.resolve(name));
  while (!dir.endsWith(`/node_modules/${name}`)) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`cannot find the folder of ${name} next to bpmn-engine`);
    dir = up;
  }
  return dir;
}

async function importDep(name: string, file: string): Promise<Record<string, any>> {
  return import(pathToFileURL(join(packageRoot(name), file)).href);
}

export const bpmnEngineVersion: string = (JSON.parse(readFileSync(join(packageRoot('bpmn-engine', benchRequire), 'package.json'), 'utf8')) as { version: string }).version;

/** Parse and serialize once, the way bpmn-engine's docs suggest for many runs of one file. */
export async function sourceContextOf(xml: string): Promise<SourceContext> {
  const [elements, serializer, moddle] = await Promise.all([
    importDep('bpmn-elements', 'src/index.js'),
    importDep('moddle-context-serializer', 'src/index.js'),
    importDep('bpmn-moddle', 'dist/index.js'),
  ]);
  const moddleContext = await new moddle.default().fromXML(xml.trim());
  return serializer.default(moddleContext, serializer.TypeResolver(elements));
}

/** A listener that completes user tasks at once: output variables first, then the signal. */
function driverListener(fx: BenchFixture, trace?: string[]): EventEmitter {
  const listener = new EventEmitter();
  listener.on('wait', (api: ElementApi) => {
    if (api.type !== 'bpmn:UserTask') return;
    Object.assign(api.environment.variables, fx.output);
    api.signal({ ...fx.output });
  });
  if (trace) listener.on('activity.end', (api: ElementApi) => trace.push(api.id));
  return listener;
}

async function runToEnd(sourceContext: SourceContext, listener: EventEmitter): Promise<void> {
  const engine = new Engine({ sourceContext });
  const done = new Promise<void>((resolve, reject) => {
    engine.once('end', () => resolve());
    engine.once('error', reject);
  });
  await engine.execute({ listener });
  await done;
}

export interface BpmnEngineRunner {
  runOne(): Promise<void>;
}

export async function bpmnEngineRunner(fx: BenchFixture): Promise<BpmnEngineRunner> {
  const sourceContext = await sourceContextOf(fx.bpmnEngineXml);
  const listener = driverListener(fx);
  return { runOne: () => runToEnd(sourceContext, listener) };
}

/** Element ids an instance completed (`activity.end`), for the cross-engine path check. */
export async function bpmnEnginePath(fx: BenchFixture): Promise<string[]> {
  const trace: string[] = [];
  await runToEnd(await sourceContextOf(fx.bpmnEngineXml), driverListener(fx, trace));
  return trace;
}

export interface BpmnEngineParked {
  count: number;
  heapBytesPerInstance: number;
  /** `JSON.stringify(await engine.getState())`, averaged over the sample. */
  stateJsonBytes: number;
  sample: number;
  seconds: number;
}

/** Park `count` engines at their first user task (nothing signals them). */
export async function bpmnEngineParked(fx: BenchFixture, count: number, sample: number, gc: () => void): Promise<BpmnEngineParked> {
  const sourceContext = await sourceContextOf(fx.bpmnEngineXml);
  const parked: Engine[] = [];
  gc();
  const before = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < count; i++) {
    const engine = new Engine({ sourceContext });
    await engine.execute({ listener: new EventEmitter() });
    parked.push(engine);
  }
  const seconds = (performance.now() - t0) / 1000;
  gc();
  const heap = process.memoryUsage().heapUsed - before;
  const waiting = parked[0]!.execution.getPostponed().map((a: { id: string }) => a.id);
  if (waiting.join() !== 'review') throw new Error(`parked bpmn-engine is not waiting at review: ${waiting.join()}`);
  let state = 0;
  const n = Math.min(sample, count);
  for (let i = 0; i < n; i++) state += Buffer.byteLength(JSON.stringify(await parked[i]!.getState()));
  for (const engine of parked) await engine.stop();
  return { count, heapBytesPerInstance: heap / count, stateJsonBytes: state / n, sample: n, seconds };
}

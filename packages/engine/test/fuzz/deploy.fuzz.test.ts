/**
 * Fuzzing the deploy: generated and mutated BPMN (truncations, byte edits, swapped and
 * duplicated fragments, random element graphs), starting from every fixture of the engine.
 * `engine.deploy` must return process ids or throw a DeployError within a time bound —
 * never anything else. Each property is bounded in time (a few seconds) so CI stays fast;
 * `HANDOFF_SEED` replays a failure, `HANDOFF_RUNS` runs longer.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeployError, createEngine, virtualClock } from '../../src/index';
import { fcParams } from '../fc';
import { FIXTURES } from '../support';

function bpmnFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? bpmnFiles(join(dir, e.name)) : e.name.endsWith('.bpmn') ? [join(dir, e.name)] : []));
}
const SEEDS = bpmnFiles(FIXTURES).map((f) => ({ name: relative(FIXTURES, f), xml: readFileSync(f, 'utf8') }));

/** A generous bound for one deploy: far above any real file's compile time, far below "hangs". */
const DEPLOY_BOUND_MS = 5_000;
/** Wall-clock budget of each property (the runs that fit; at least a few dozen). */
const BUDGET_MS = Number(process.env.HANDOFF_FUZZ_MS ?? 4_000);

/** Deploy `xml` on a fresh engine: 'ok', or the DeployError; anything else (or a hang) fails the property. */
async function deployOutcome(xml: string): Promise<'ok' | DeployError> {
  const engine = createEngine({ clock: virtualClock('2026-03-02T09:00:00Z') });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`deploy took more than ${DEPLOY_BOUND_MS} ms`)), DEPLOY_BOUND_MS);
  });
  try {
    const ids = await Promise.race([engine.deploy({ bpmn: xml }), bound]);
    expect(Array.isArray(ids) && ids.every((id) => typeof id === 'string')).toBe(true);
    return 'ok';
  } catch (err) {
    if (err instanceof DeployError) {
      expect(err.problems.length).toBeGreaterThan(0);
      for (const p of err.problems) expect(typeof p.code === 'string' && typeof p.message === 'string' && typeof p.hint === 'string').toBe(true);
      return err;
    }
    throw err;
  } finally {
    clearTimeout(timer);
    await engine.close();
  }
}

const seed = fc.constantFrom(...SEEDS);
/** Characters that matter to XML and to the compiler. */
const noise = fc.constantFrom('<', '>', '/', '"', "'", '=', '&', ' ', '\u0000', 'x', '1', '-', ':', '#', '{', '\n', '<!--', ']]>', '&amp;', '&#0;', '<bpmn:task id="x"/>', 'sourceRef="', 'PT', 'R/');

type Mutation = (xml: string) => string;
const at = (xml: string, f: number) => Math.floor(f * xml.length);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.double({ min: 0, max: 1, noNaN: true }).map((f): Mutation => (xml) => xml.slice(0, at(xml, f))), // truncation
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), noise).map(([f, s]): Mutation => (xml) => xml.slice(0, at(xml, f)) + s + xml.slice(at(xml, f) + 1)), // byte edit
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), noise).map(([f, s]): Mutation => (xml) => xml.slice(0, at(xml, f)) + s + xml.slice(at(xml, f))), // insertion
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 200 })).map(([f, n]): Mutation => (xml) => xml.slice(0, at(xml, f)) + xml.slice(at(xml, f) + n)), // deletion
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 300 })).map(([a, b, n]): Mutation => (xml) => {
    // swap two fragments
    let [i, j] = [at(xml, a), at(xml, b)].sort((x, y) => x - y) as [number, number];
    const len = Math.min(n, Math.floor((j - i) / 2));
    if (len <= 0) return xml;
    j = Math.max(j - len, i + len);
    return xml.slice(0, i) + xml.slice(j, j + len) + xml.slice(i + len, j) + xml.slice(i, i + len) + xml.slice(j + len);
  }),
  fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 400 })).map(([a, b, n]): Mutation => (xml) => xml.slice(0, at(xml, b)) + xml.slice(at(xml, a), at(xml, a) + n) + xml.slice(at(xml, b))), // duplicate a fragment elsewhere
  fc.tuple(fc.constantFrom('sourceRef', 'targetRef', 'attachedToRef', 'default', 'messageRef', 'errorRef', 'escalationRef', 'flowNodeRef', 'id', 'calledElement'), fc.nat(), fc.nat()).map(([attr, which, target]): Mutation => (xml) => {
    // a reference pointed at another element of the file (a flow, a lane, an event definition, the process …)
    const ids = [...xml.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!);
    const refs = [...xml.matchAll(new RegExp(`\\b${attr}="[^"]*"`, 'g'))];
    const ref = refs[which % Math.max(1, refs.length)];
    if (!ref || !ids.length) return xml;
    return xml.slice(0, ref.index) + `${attr}="${ids[target % ids.length]}"` + xml.slice(ref.index! + ref[0].length);
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([a, b]): Mutation => (xml) => {
    // one whole element moved next to another (into a subprocess, out of the process, …)
    const els = [...xml.matchAll(/<bpmn:(\w+)\b[^>]*\/>/g)];
    if (els.length < 2) return xml;
    const from = els[a % els.length]!;
    const cut = xml.slice(0, from.index) + xml.slice(from.index! + from[0].length);
    const to = [...cut.matchAll(/<bpmn:\w+\b[^>]*>/g)];
    const at2 = to[b % Math.max(1, to.length)];
    if (!at2) return xml;
    const i = at2.index! + at2[0].length;
    return cut.slice(0, i) + from[0] + cut.slice(i);
  }),
  fc.tuple(fc.constantFrom('id', 'sourceRef', 'targetRef', 'attachedToRef', 'default', 'messageRef', 'errorRef', 'cancelActivity', 'isExecutable'), fc.constantFrom('', 'start', 'missing', 'f1', 'true', 'x y', '&quot;')).map(([attr, v]): Mutation => (xml) => xml.replace(new RegExp(`${attr}="[^"]*"`), `${attr}="${v}"`)), // one attribute rewritten
);

/** Element types a random graph draws from (supported and not). */
const TYPES = ['task', 'manualTask', 'userTask', 'serviceTask', 'sendTask', 'receiveTask', 'scriptTask', 'businessRuleTask', 'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'eventBasedGateway', 'intermediateCatchEvent', 'intermediateThrowEvent', 'endEvent', 'startEvent', 'subProcess', 'callActivity', 'complexGateway'] as const;
const SUPPORTED = new Set<string>(['task', 'manualTask', 'userTask', 'serviceTask', 'sendTask', 'receiveTask', 'scriptTask', 'exclusiveGateway', 'parallelGateway', 'inclusiveGateway', 'intermediateCatchEvent', 'intermediateThrowEvent', 'subProcess']);
const BODY: Record<string, string[]> = {
  intermediateCatchEvent: ['<bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition>', '<bpmn:messageEventDefinition messageRef="m1"/>', '<bpmn:timerEventDefinition/>', ''],
  endEvent: ['', '<bpmn:terminateEventDefinition/>', '<bpmn:errorEventDefinition errorRef="e1"/>', '<bpmn:escalationEventDefinition/>'],
  scriptTask: ['<bpmn:extensionElements><zeebe:script expression="=n + 1" resultVariable="n"/></bpmn:extensionElements>', '<bpmn:script>x++</bpmn:script>', ''],
  subProcess: ['<bpmn:startEvent id="SUBs"/><bpmn:sequenceFlow id="SUBf" sourceRef="SUBs" targetRef="SUBe"/><bpmn:endEvent id="SUBe"/>', ''],
  serviceTask: ['<bpmn:extensionElements><zeebe:taskDefinition type="t"/></bpmn:extensionElements>', '<bpmn:extensionElements><zeebe:taskDefinition type="t" retries="x"/></bpmn:extensionElements>', ''],
};
const graphXml = fc
  .record({
    types: fc.array(fc.constantFrom(...TYPES), { minLength: 1, maxLength: 12 }),
    bodies: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    flows: fc.array(fc.tuple(fc.nat(12), fc.nat(12), fc.constantFrom(undefined, '=n &lt; 3', '=', '${x}', 'true')), { maxLength: 20 }),
    boundaries: fc.array(fc.tuple(fc.nat(12), fc.constantFrom('timer', 'error', 'message', 'escalation'), fc.boolean()), { maxLength: 3 }),
    // a chain start → n0 → … → end under the random flows: mostly well-formed files
    chain: fc.boolean(),
  })
  .map(({ types: drawn, bodies, flows: extra, boundaries, chain }) => {
    const types: string[] = chain ? [...drawn.map((t) => (SUPPORTED.has(t) ? t : 'task')), 'endEvent'] : drawn;
    const flows: [number, number, string | undefined][] = chain ? [[types.length, 0, undefined], ...types.slice(1).map((_, i): [number, number, undefined] => [i, i + 1, undefined]), ...extra.filter(([, , c]) => c === undefined).slice(0, 1)] : extra;
    const id = (i: number) => (i === types.length ? 'start' : `n${i % (types.length + 1)}`);
    const els = types.map((t, i) => {
      const b = BODY[t]?.[chain ? 0 : (bodies[i] ?? 0) % BODY[t]!.length] ?? '';
      const attrs = t === 'receiveTask' && chain ? ' messageRef="m1"' : '';
      return `<bpmn:${t} id="n${i}"${attrs}>${b.replaceAll('SUB', `n${i}_`)}</bpmn:${t}>`;
    });
    const fl = flows.map(([s, t, c], k) => `<bpmn:sequenceFlow id="f${k}" sourceRef="${id(s)}" targetRef="${id(t)}">${c ? `<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${c}</bpmn:conditionExpression>` : ''}</bpmn:sequenceFlow>`);
    const bd = (chain ? boundaries.slice(0, 1) : boundaries).map(([host, kind, cancel], k) => `<bpmn:boundaryEvent id="b${k}" attachedToRef="${id(host)}" cancelActivity="${cancel}">${kind === 'timer' ? '<bpmn:timerEventDefinition><bpmn:timeDuration>PT5M</bpmn:timeDuration></bpmn:timerEventDefinition>' : `<bpmn:${kind}EventDefinition${kind === 'message' ? ' messageRef="m1"' : ''}/>`}</bpmn:boundaryEvent>${chain ? `<bpmn:sequenceFlow id="bf${k}" sourceRef="b${k}" targetRef="n${types.length - 1}"/>` : ''}`);
    return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="d" targetNamespace="http://handoff.dev/fuzz">
  <bpmn:message id="m1" name="m"/><bpmn:error id="e1" errorCode="E"/>
  <bpmn:process id="p" isExecutable="true"><bpmn:startEvent id="start"/>${els.join('')}${fl.join('')}${bd.join('')}</bpmn:process>
</bpmn:definitions>`;
  });

const params = (suite: string, runs: number) => ({ ...fcParams(suite, 'packages/engine/test/fuzz/deploy.fuzz.test.ts', runs), interruptAfterTimeLimit: BUDGET_MS, markInterruptAsFailure: false });

describe('Fuzz: deploy returns or throws a DeployError, never anything else', () => {
  it('Property: every fixture, mutated by up to three truncations, byte edits, swaps and duplications', async () => {
    await fc.assert(
      fc.asyncProperty(seed, fc.array(mutation, { minLength: 1, maxLength: 3 }), async (s, ms) => {
        await deployOutcome(ms.reduce((xml, m) => m(xml), s.xml));
      }),
      params('fuzz deploy mutations', 400),
    );
  }, BUDGET_MS + 30_000);

  it('Property: fragments of two fixtures spliced together', async () => {
    await fc.assert(
      fc.asyncProperty(seed, seed, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), async (a, b, fa, fb) => {
        await deployOutcome(a.xml.slice(0, at(a.xml, fa)) + b.xml.slice(at(b.xml, fb)));
      }),
      params('fuzz deploy splices', 200),
    );
  }, BUDGET_MS + 30_000);

  it('Property: random element graphs (any types, flows, conditions, boundaries) deploy or are refused', async () => {
    let deployed = 0;
    await fc.assert(
      fc.asyncProperty(graphXml, async (xml) => {
        const outcome = await deployOutcome(xml);
        if (outcome === 'ok') deployed++;
        else if (process.env.HANDOFF_FUZZ_DEBUG) console.info(outcome.problems.map((p) => p.code).join(' '));
      }),
      params('fuzz deploy graphs', 300),
    );
    // the generator reaches both outcomes (a generator that only makes refused files tests little)
    expect(deployed).toBeGreaterThan(0);
  }, BUDGET_MS + 30_000);

  it('Scenario: every unmutated fixture deploys or is refused the same way (the seeds are sound)', async () => {
    for (const s of SEEDS) await deployOutcome(s.xml);
    expect(SEEDS.length).toBeGreaterThan(30);
  });
});

/**
 * Engine limits and JSON-only variables at every public entry point: a refused command
 * throws a typed error naming the field, and changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BpmnError, DEFAULT_LIMITS, InvalidArgumentError, LimitError, ValidationError, createEngine, type EngineOptions } from '../../src/index';
import { actor, testEngine } from '../support';

const ana = actor('ana', 'clerk');
const lead = actor('lead', 'manager');

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
}

/** `{ v: { v: … 1 } }`, `levels` objects deep (the outer one included). */
function nested(levels: number): Record<string, unknown> {
  let v: Record<string, unknown> = { v: 1 };
  for (let i = 1; i < levels; i++) v = { v };
  return v;
}

/** Everything a refused command must leave untouched. */
async function snapshot(t: ReturnType<typeof testEngine>, instanceId: string) {
  return {
    instance: await t.engine.instances.get(instanceId),
    history: await t.engine.history(instanceId),
    tasks: await t.engine.tasks.query({ instanceId }),
    events: t.events.length,
  };
}

/** A started taskLanes instance (review, then approve) and a message-waiting one. */
async function given(options: EngineOptions = {}) {
  const t = testEngine(options);
  await t.deploy('scenarios/task-lanes.bpmn');
  await t.deploy('scenarios/message-business-key.bpmn');
  const inst = await t.engine.start('taskLanes', { channel: 'phone' });
  const waiting = await t.engine.start('messageBusinessKey', {}, { businessKey: 'order-1' });
  const [task] = await t.openTasks(inst.id);
  return { t, inst, waiting, task: task! };
}

/** Each public entry point that takes variables, given the variables to send. */
const ENTRY_POINTS: Record<string, (g: Awaited<ReturnType<typeof given>>, vars: Record<string, unknown>) => Promise<unknown>> = {
  'engine.start': (g, v) => g.t.engine.start('taskLanes', v),
  'tasks.complete': (g, v) => g.t.engine.tasks.complete(g.task.id, ana, v),
  'messages.correlate': (g, v) => g.t.engine.messages.correlate('paymentReceived', { businessKey: 'order-1' }, v),
  'engine.milestone': (g, v) => g.t.engine.milestone(g.inst.id, 'called back', v),
};

describe('Feature: variables are bounded in depth and size, checked without recursion', () => {
  for (const [entry, send] of Object.entries(ENTRY_POINTS)) {
    it(`Scenario: ${entry} with variables nested 20,000 levels deep is a LimitError, not a stack overflow, and changes nothing`, async () => {
      // given an instance with an open task and one waiting for a message
      const g = await given();
      const before = [await snapshot(g.t, g.inst.id), await snapshot(g.t, g.waiting.id)];
      const instances = (await g.t.engine.instances.list()).length;
      // when variables nested 20,000 levels deep arrive
      const err = await errorOf(send(g, { order: nested(20_000) }));
      // then a LimitError names the limit and where it was passed, and nothing changed
      expect(err).toBeInstanceOf(LimitError);
      expect(err).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'maxVariableDepth', max: 64 });
      expect((err as LimitError).path).toEqual(['order', ...Array<string>(63).fill('v')]);
      expect((err as LimitError).message).toMatch(/nested deeper than 64 levels at order\.v\.v/);
      expect([await snapshot(g.t, g.inst.id), await snapshot(g.t, g.waiting.id)]).toEqual(before);
      expect((await g.t.engine.instances.list()).length).toBe(instances);
    });

    it(`Scenario: ${entry} with more than maxVariableBytes of JSON is a LimitError and changes nothing`, async () => {
      // given an engine allowing 1,000 bytes per command
      const g = await given({ limits: { maxVariableBytes: 1000 } });
      const before = [await snapshot(g.t, g.inst.id), await snapshot(g.t, g.waiting.id)];
      // when 1,001 bytes of JSON arrive (multi-byte characters count as their UTF-8 bytes)
      const tooMuch = { note: 'é'.repeat(495) }; // {"note":"…"}: 11 + 990 bytes
      expect(Buffer.byteLength(JSON.stringify(tooMuch))).toBe(1001);
      const err = await errorOf(send(g, tooMuch));
      // then
      expect(err).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'maxVariableBytes', max: 1000, path: ['note'] });
      expect([await snapshot(g.t, g.inst.id), await snapshot(g.t, g.waiting.id)]).toEqual(before);
      // and exactly at the limit it is accepted
      const fits = { note: `${'é'.repeat(494)}a` };
      expect(Buffer.byteLength(JSON.stringify(fits))).toBe(1000);
      await send(g, fits);
    });
  }

  it('Scenario: the default size limit is 4 MB: a 5 MB start variable is refused, a 3 MB one accepted', async () => {
    const g = await given();
    const err = await errorOf(g.t.engine.start('taskLanes', { blob: 'x'.repeat(5 * 1024 * 1024) }));
    expect(err).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'maxVariableBytes', max: DEFAULT_LIMITS.maxVariableBytes });
    const ok = await g.t.engine.start('taskLanes', { blob: 'x'.repeat(3 * 1024 * 1024) });
    expect(ok.status).toBe('active');
  });

  it('Scenario: incident-retry variables are under the same rule', async () => {
    // given an instance with an incident (no handler for its service task)
    const t = testEngine({ limits: { maxVariableDepth: 5 } });
    await t.deploy('scenarios/service-single.bpmn');
    const inst = await t.engine.start('serviceSingle', {});
    await t.engine.idle();
    const [incident] = await t.engine.incidents.list(inst.id);
    const before = await snapshot(t, inst.id);
    // when it is retried with variables 6 levels deep
    const err = await errorOf(t.engine.incidents.retry(incident!.id, { variables: nested(6) }));
    // then
    expect(err).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'maxVariableDepth', max: 5 });
    expect(await snapshot(t, inst.id)).toEqual(before);
  });

  it('Scenario: a schema never sees what the limits refuse, and its output must be JSON', async () => {
    // given a start schema that coerces a field to a Date
    const t = testEngine();
    const schema = z.object({ when: z.coerce.date() }).passthrough();
    await t.engine.deploy({ bpmn: (await import('../support')).fixture('scenarios/task-lanes.bpmn'), schemas: { start: { taskLanes: schema } } });
    // when deep input arrives, then the LimitError comes before zod recurses
    expect(await errorOf(t.engine.start('taskLanes', { when: '2026-03-02', deep: nested(20_000) }))).toBeInstanceOf(LimitError);
    // when the schema returns a Date, then it is refused as not JSON (the schema's output is checked too)
    const err = await errorOf(t.engine.start('taskLanes', { when: '2026-03-02' }));
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues).toMatchObject([{ path: ['when'], code: 'not_json' }]);
    expect(await t.engine.instances.list()).toEqual([]);
  });
});

describe('Feature: an instance cannot grow past maxInstanceVariablesBytes through many small writes', () => {
  it('Scenario: the task output that would grow the instance past the bound is refused; the state stays as it was', async () => {
    // given an engine allowing 1,000 bytes per command and 2,000 per instance, and an instance holding ~810
    const t = testEngine({ limits: { maxVariableBytes: 1000, maxInstanceVariablesBytes: 2000 } });
    await t.deploy('scenarios/task-lanes.bpmn');
    const inst = await t.engine.start('taskLanes', { a: 'x'.repeat(800) });
    await t.completeTask(inst.id, 'review', ana, { b: 'x'.repeat(800) }); // ~1,620 bytes: fits
    const before = await snapshot(t, inst.id);
    // when the next task's output (itself within the per-command limit) would make it ~2,430 bytes
    const [approve] = await t.openTasks(inst.id);
    const err = await errorOf(t.engine.tasks.complete(approve!.id, lead, { c: 'x'.repeat(800) }));
    // then a LimitError names the instance bound, and nothing changed
    expect(err).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'maxInstanceVariablesBytes', max: 2000 });
    expect((err as Error).message).toMatch(/variables of instance .* would be larger than 2000 bytes/);
    expect(await snapshot(t, inst.id)).toEqual(before);
    // and overwriting a variable instead of adding one fits
    await t.engine.tasks.complete(approve!.id, lead, { b: 'done' });
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: service-task handlers returning bad variables raise an incident naming the field', () => {
  const run = async (handler: () => unknown, limits?: EngineOptions['limits'], customer = 'c-1') => {
    const t = testEngine({ handlers: { 'crm.lookup': handler as never }, ...(limits ? { limits } : {}) });
    await t.deploy('scenarios/service-single.bpmn');
    const inst = await t.engine.start('serviceSingle', { customer });
    await t.engine.idle();
    return { t, inst, incidents: await t.engine.incidents.list(inst.id) };
  };

  it.each([
    ['a function deep inside', () => ({ order: { items: [{}, {}, {}, { price: () => 1 }] } }), 'JOB_RESULT_INVALID', /order\.items\.3\.price: a function is not JSON/],
    ['a BigInt', () => ({ total: 10n }), 'JOB_RESULT_INVALID', /total: a BigInt is not JSON/],
    ['a cycle', () => { const o: Record<string, unknown> = {}; o.self = o; return { o }; }, 'JOB_RESULT_INVALID', /o\.self: a circular reference/],
    ['an array', () => [1, 2], 'JOB_RESULT_INVALID', /is an array; return an object/],
    ['20,000 levels', () => nested(20_000), 'LIMIT_EXCEEDED', /nested deeper than 64 levels/],
    ['a BpmnError with a function in its variables', () => { throw new BpmnError('X', 'x', { cb: () => 1 }); }, 'JOB_RESULT_INVALID', /variables of BPMN error 'X'.*cb: a function is not JSON/],
  ])('Scenario: a handler returning %s → an incident at once (no retries), the instance unchanged otherwise', async (_name, handler, code, message) => {
    // given a handler returning bad variables, when the job runs
    const { t, inst, incidents } = await run(handler);
    // then one incident with the code and the path, no retry, and the variables untouched
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ elementId: 'lookup', code });
    expect(incidents[0]!.message).toMatch(message);
    expect((await t.engine.history(inst.id, { types: ['job.failed'] })).map((h) => (h as { retriesLeft: number }).retriesLeft)).toEqual([0]);
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ customer: 'c-1' });
  });

  it('Scenario: a handler result that would grow the instance past its bound raises a LIMIT_EXCEEDED incident', async () => {
    // given an instance holding ~515 bytes, and a handler returning ~615 (each within the 1,000 per command)
    const { t, inst, incidents } = await run(() => ({ profile: 'x'.repeat(600) }), { maxVariableBytes: 1000, maxInstanceVariablesBytes: 1000 }, 'c'.repeat(500));
    // then the merged ~1,130 bytes are refused as an incident, and the variables stay
    expect(incidents).toMatchObject([{ code: 'LIMIT_EXCEEDED' }]);
    expect(incidents[0]!.message).toMatch(/maxInstanceVariablesBytes/);
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ customer: 'c'.repeat(500) });
  });
});

describe('Feature: the limits option is validated', () => {
  it.each([
    [{ maxVariableDepth: 0 }, 'limits.maxVariableDepth'],
    [{ maxVariableDepth: 1.5 }, 'limits.maxVariableDepth'],
    [{ maxVariableDepth: 5000 }, 'limits.maxVariableDepth'],
    [{ maxVariableBytes: -1 }, 'limits.maxVariableBytes'],
    [{ maxVariableBytes: '4MB' }, 'limits.maxVariableBytes'],
    [{ maxInstanceVariablesBytes: Number.NaN }, 'limits.maxInstanceVariablesBytes'],
    [{ maxVariableBytes: 2000, maxInstanceVariablesBytes: 1000 }, 'limits.maxInstanceVariablesBytes'],
    [{ maxDepth: 3 }, 'limits.maxDepth'],
    [[], 'limits'],
  ])('Scenario: createEngine({ limits: %j }) is an InvalidArgumentError naming %s', (limits, argument) => {
    let err: unknown;
    try {
      createEngine({ limits: limits as never });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ argument });
  });
});

describe('Feature: the history one command appends is bounded too', () => {
  it('Scenario: history past the instance bound plus twice the command bound is refused; variables measured leniently', async () => {
    const { checkCommandResult } = await import('../../src/runtime/variables');
    const { resolveLimits } = await import('../../src/runtime/limits');
    const limits = resolveLimits({ maxVariableBytes: 100, maxInstanceVariablesBytes: 200 });
    // given history records of 400 bytes (= 200 + 2 × 100) it passes; of more, it is refused
    const record = (n: number) => ({ type: 'milestone.reached', data: { s: 'x'.repeat(n) } });
    const size = (h: unknown[]) => Buffer.byteLength(JSON.stringify(h));
    const fits = [record(400 - size([record(0)]))];
    expect(size(fits)).toBe(400);
    expect(() => checkCommandResult({}, fits, limits, 'i-1')).not.toThrow();
    expect(() => checkCommandResult({}, [record(401 - size([record(0)]))], limits, 'i-1')).toThrow(/history records one command appends to instance i-1 would be larger than 400 bytes/);
    // and a FEEL value with toJSON inside the variables counts as its JSON text, not as an error
    const feelDate = { toJSON: () => 'x'.repeat(300) };
    Object.setPrototypeOf(feelDate, { constructor: { name: 'DateTime' } });
    expect(() => checkCommandResult({ due: feelDate }, [], limits, 'i-1')).toThrow(LimitError);
    expect(() => checkCommandResult({ due: { toJSON: () => 'short' } as never }, [], limits, 'i-1')).not.toThrow();
  });
});

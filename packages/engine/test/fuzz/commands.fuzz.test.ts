/**
 * Fuzzing the command surface: generated command sequences (start, claim / unclaim /
 * complete tasks with random actors and outputs, correlate messages, advance the virtual
 * clock, cancel, retry incidents, milestones) with good and bad variables, against fixture
 * models. Every call either succeeds or throws a typed `HandoffError`; after a refused
 * command, the state (`instances.list`, `tasks.query`, every instance's `history`) equals the
 * state before; nothing reaches `engine.error`. Time-boxed so CI stays fast.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BpmnError, HandoffError, type Actor } from '../../src/index';
import { fcParams } from '../fc';
import { testEngine } from '../support';

const BUDGET_MS = Number(process.env.HANDOFF_FUZZ_MS ?? 5_000);
/** Fixture → its process id. */
const MODELS: Record<string, string> = {
  'scenarios/task-lanes.bpmn': 'taskLanes',
  'scenarios/message-business-key.bpmn': 'messageBusinessKey',
  'flow/task-timers.bpmn': 'taskTimers',
  'scenarios/service-single.bpmn': 'serviceSingle',
  'flow/xor-amount.bpmn': 'xorAmount',
  'flow/and-loop.bpmn': 'andLoop',
  'scenarios/message-start.bpmn': 'messageStart',
};
const PROCESSES = [...Object.values(MODELS), 'nope'];
const MESSAGES = ['paymentReceived', 'goodsReceived', 'orderPlaced', 'nope', ''];

function nested(levels: number): unknown {
  let v: unknown = 1;
  for (let i = 0; i < levels; i++) v = { v };
  return v;
}
const cyclic: Record<string, unknown> = {};
cyclic.self = cyclic;

const badValue = fc.constantFrom<unknown>(() => 1, new Date(0), Number.NaN, undefined, 10n, nested(100), 'x'.repeat(3000), Symbol('s'), cyclic, new Map(), [1, , 2]); // eslint-disable-line no-sparse-arrays
const value = fc.oneof({ weight: 5, arbitrary: fc.jsonValue({ maxDepth: 3 }) }, { weight: 1, arbitrary: badValue });
const vars = fc.oneof(
  { weight: 12, arbitrary: fc.dictionary(fc.constantFrom('amount', 'mode', 'note', 'approved', 'round', 'x'), value, { maxKeys: 4 }) },
  { weight: 3, arbitrary: fc.record({ amount: fc.integer({ min: 0, max: 200 }), round: fc.integer({ min: 0, max: 3 }), mode: fc.constantFrom('ok', 'fail', 'bad', 'bpmn', 'huge') }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, [], 'text', 42) },
);
const actor = fc.oneof(
  { weight: 8, arbitrary: fc.record({ id: fc.constantFrom('ana', 'bob', 'max'), roles: fc.subarray(['clerk', 'manager', 'other']) }) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(null, { id: '' , roles: [] }, { id: 'x' }, 'ana') },
);
/** Picks an existing item by index, or a made-up id. */
const pick = fc.oneof({ weight: 12, arbitrary: fc.nat(20) }, { weight: 1, arbitrary: fc.constantFrom('bogus', 'inst-1/999', '', 'x/y') });
const key = fc.constantFrom('k1', 'k2');

type Command =
  | { kind: 'start'; processId: string; vars: unknown; businessKey?: string }
  | { kind: 'claim' | 'unclaim'; task: number | string; actor: unknown }
  | { kind: 'complete'; task: number | string; actor: unknown; output: unknown }
  | { kind: 'correlate'; name: string; keys: unknown; payload: unknown }
  | { kind: 'advance'; ms: number }
  | { kind: 'cancel'; instance: number | string }
  | { kind: 'retry'; incident: number | string; vars: unknown }
  | { kind: 'milestone'; instance: number | string; name: string; data: unknown };

const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('start' as const), processId: fc.constantFrom(...PROCESSES), vars, businessKey: fc.option(key, { nil: undefined }) }, { requiredKeys: ['kind', 'processId', 'vars'] }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom('claim' as const, 'unclaim' as const), task: pick, actor }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('complete' as const), task: pick, actor, output: vars }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('correlate' as const), name: fc.constantFrom(...MESSAGES), keys: fc.oneof({ weight: 5, arbitrary: key.map((k) => ({ businessKey: k })) }, { weight: 1, arbitrary: fc.constantFrom<unknown>({}, { businessKey: '' }, { businessKey: 'k1', correlationKey: 'k1' }, null) }), payload: vars }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 1, max: 3 * 3600_000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), instance: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry' as const), incident: pick, vars }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('milestone' as const), instance: pick, name: fc.constantFrom('called back', ''), data: vars }) },
);

/** A start with good variables, of one of the run's models (by index). */
const opening = fc.record({ model: fc.nat(2), vars: fc.record({ amount: fc.integer({ min: 0, max: 200 }), round: fc.integer({ min: 0, max: 3 }), mode: fc.constantFrom('ok', 'fail', 'bad', 'bpmn', 'huge') }), businessKey: key });

/** A handler whose outcome the start variables choose. */
function lookup(job: { variables: Readonly<Record<string, unknown>> }) {
  switch (job.variables.mode) {
    case 'fail':
      throw new Error('CRM down');
    case 'bad':
      return { callback: () => 1 } as never;
    case 'bpmn':
      throw new BpmnError('NOT_FOUND', 'no such customer', { deep: nested(100) } as never);
    case 'huge':
      return { profile: 'x'.repeat(1900), more: 'y'.repeat(1900) };
    default:
      return { lookedUp: true };
  }
}

async function given(models: readonly string[]) {
  const t = testEngine({ handlers: { 'crm.lookup': lookup }, limits: { maxVariableBytes: 2000, maxInstanceVariablesBytes: 6000 } });
  for (const m of models) await t.deploy(m);
  const errors: unknown[] = [];
  t.engine.on('engine.error', (e) => errors.push(e.error));
  return { t, errors };
}

type T = Awaited<ReturnType<typeof given>>['t'];

async function snapshot(t: T) {
  const instances = await t.engine.instances.list();
  return { instances, tasks: await t.engine.tasks.query({}), history: await Promise.all(instances.map((i) => t.engine.history(i.id))) };
}

async function run(t: T, c: Command): Promise<unknown> {
  const e = t.engine;
  const tasks = await e.tasks.query({ state: ['open', 'claimed'] });
  const instances = await e.instances.list();
  const taskId = (p: number | string) => (typeof p === 'number' ? (tasks[p % Math.max(1, tasks.length)]?.id ?? 'none/1') : p);
  const instanceId = (p: number | string) => (typeof p === 'number' ? (instances[p % Math.max(1, instances.length)]?.id ?? 'none') : p);
  switch (c.kind) {
    case 'start':
      return e.start(c.processId, c.vars as Record<string, unknown>, c.businessKey !== undefined ? { businessKey: c.businessKey } : {});
    case 'claim':
      return e.tasks.claim(taskId(c.task), c.actor as Actor);
    case 'unclaim':
      return e.tasks.unclaim(taskId(c.task), c.actor as Actor);
    case 'complete':
      return e.tasks.complete(taskId(c.task), c.actor as Actor, c.output as Record<string, unknown>);
    case 'correlate':
      return e.messages.correlate(c.name, c.keys as { businessKey: string }, c.payload as Record<string, unknown>);
    case 'advance':
      return t.clock.advance(c.ms);
    case 'cancel':
      return e.instances.cancel(instanceId(c.instance));
    case 'retry': {
      const incidents = instances.flatMap((i) => i.incidents);
      const id = typeof c.incident === 'number' ? (incidents[c.incident % Math.max(1, incidents.length)]?.id ?? 'none/1') : c.incident;
      return e.incidents.retry(id, { variables: c.vars as Record<string, unknown> });
    }
    case 'milestone':
      return e.milestone(instanceId(c.instance), c.name, c.data as Record<string, unknown>);
  }
}

describe('Fuzz: commands only ever fail with typed errors, and a refused command changes nothing', () => {
  it('Property: any sequence of commands with good and bad input, on the fixture models', async () => {
    const stats = { ok: 0, refused: 0, codes: {} as Record<string, number> };
    await fc.assert(
      fc.asyncProperty(fc.subarray(Object.keys(MODELS), { minLength: 1, maxLength: 3 }), fc.array(opening, { minLength: 1, maxLength: 3 }), fc.array(command, { minLength: 1, maxLength: 14 }), async (models, starts, commands) => {
        const { t, errors } = await given(models);
        // given a few instances of the deployed processes
        for (const s of starts) await t.engine.start(MODELS[models[s.model % models.length]!]!, s.vars, { businessKey: s.businessKey }).catch(() => undefined);
        try {
          for (const c of commands) {
            await t.engine.idle();
            const before = await snapshot(t);
            let failure: unknown;
            try {
              await run(t, c);
              stats.ok++;
            } catch (err) {
              failure = err;
            }
            await t.engine.idle();
            if (failure === undefined) continue;
            stats.refused++;
            // then the error is typed, and the state is as it was
            if (!(failure instanceof HandoffError)) throw new Error(`${c.kind} threw an untyped ${String((failure as Error)?.name)}: ${String((failure as Error)?.message ?? failure)}`);
            expect(typeof failure.code).toBe('string');
            stats.codes[failure.code] = (stats.codes[failure.code] ?? 0) + 1;
            expect(await snapshot(t), `${c.kind} refused with ${failure.code} changed the state`).toEqual(before);
          }
          expect(errors).toEqual([]);
        } finally {
          await t.engine.close();
        }
      }),
      { ...fcParams('fuzz commands', 'packages/engine/test/fuzz/commands.fuzz.test.ts', 150), interruptAfterTimeLimit: BUDGET_MS, markInterruptAsFailure: false },
    );
    console.info(`[fuzz commands] ${stats.ok} commands succeeded, ${stats.refused} refused (${JSON.stringify(stats.codes)})`);
    // the sequences exercise both outcomes
    expect(stats.ok).toBeGreaterThan(0);
    expect(stats.refused).toBeGreaterThan(0);
  }, BUDGET_MS + 30_000);
});

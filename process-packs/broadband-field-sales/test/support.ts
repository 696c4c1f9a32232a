/**
 * Test helpers for the pack's scenarios: a test engine with the pack deployed (its
 * do-not-disturb handlers on the virtual clock), the cast of actors, a valid case, and
 * readable SLA trails.
 */
import type { Actor, BusinessCalendar, EngineEvent, JobContext } from '@handoff/engine';
import { createTestEngine, type TestEngine } from '@handoff/testing';
import { DateTime } from 'luxon';
import { createBroadbandPack, memoryDoNotDisturbRegister, reportCustomerCall, type BroadbandCaseInput, type BroadbandPackOptions, type MemoryDoNotDisturbRegister } from '../src/index';

/** The cast. Field reps hold their grid's role only; the lane role `fieldSales` would open every grid. */
export const rep: Actor = { id: 'ana', roles: ['grid:G01'] };
export const rep2: Actor = { id: 'bai', roles: ['grid:G02'] };
export const agent: Actor = { id: 'bo', roles: ['hotline'] };
export const installer: Actor = { id: 'cai', roles: ['installer'] };
export const clerk: Actor = { id: 'dan', roles: ['hall'] };

export const ZONE = 'Asia/Shanghai';
export const PHONE = '13800000001';

/** A valid case for grid G01. */
export function aCase(over: Partial<BroadbandCaseInput> = {}): BroadbandCaseInput {
  return { customer: '李雷', phone: PHONE, address: '杭州市西湖区文三路 1 号', grid: 'G01', ...over };
}

export interface BroadbandTestEngine extends TestEngine {
  register: MemoryDoNotDisturbRegister;
  /** Start a case and let the do-not-disturb check run. */
  open(c?: BroadbandCaseInput): Promise<string>;
  /** The customer calls the hotline; waits for the work it causes. */
  call(phone?: string): Promise<Awaited<ReturnType<typeof reportCustomerCall>>>;
  /** The instance's SLA events as `MM-DD HH:mm type:slaId[ → notify]`, Beijing time. */
  sla(instanceId: string): string[];
  /** The instance's status and the outcome end events it reached (exactly one when it ended normally). */
  outcome(instanceId: string): Promise<{ status: string; end: string[] }>;
}

/** Epoch ms → `MM-DD HH:mm` in Beijing time. */
export function local(at: number): string {
  return DateTime.fromMillis(at, { zone: ZONE }).toFormat('MM-dd HH:mm');
}

const ENDS = new Set(['suppressedDoNotDisturb', 'refused', 'notInstallable', 'declinedAtCallback', 'activated']);

/** A test engine (virtual clock at Monday 2026-03-02 09:00 Beijing time) with the pack deployed. */
export async function broadbandEngine(options: { register?: MemoryDoNotDisturbRegister; calendars?: readonly BusinessCalendar[]; pack?: Omit<BroadbandPackOptions, 'register' | 'now' | 'openAccount'>; openAccount?: (job: JobContext) => Promise<{ accountNo: string }> } = {}): Promise<BroadbandTestEngine> {
  const register = options.register ?? memoryDoNotDisturbRegister();
  const ref: { t?: TestEngine } = {};
  const pack = createBroadbandPack({ ...options.pack, register, now: () => ref.t!.clock.now(), openAccount: options.openAccount ?? (async (job) => ({ accountNo: `BB-${job.instanceId}` })) });
  const t = await createTestEngine({ packs: [pack], zone: ZONE, ...(options.calendars ? { calendars: options.calendars } : {}) });
  ref.t = t;
  const of = (id: string) => t.events.filter((e): e is Extract<EngineEvent, { instanceId: string }> => 'instanceId' in e && e.instanceId === id);
  return Object.assign(t, {
    register,
    async open(c: BroadbandCaseInput = aCase()) {
      const inst = await t.engine.start('broadbandFieldSales', c as Record<string, unknown>);
      await t.engine.idle();
      return inst.id;
    },
    async call(phone = PHONE) {
      const r = await reportCustomerCall(t.engine, phone);
      await t.engine.idle();
      return r;
    },
    sla(instanceId: string) {
      return of(instanceId)
        .filter((e) => e.type.startsWith('sla.'))
        .map((e) => {
          const s = e as EngineEvent & { slaId: string; notify?: string };
          return `${local(e.at)} ${e.type}:${s.slaId}${s.notify ? ` → ${s.notify}` : ''}`;
        });
    },
    async outcome(instanceId: string) {
      const info = await t.engine.instances.get(instanceId);
      const end = of(instanceId)
        .filter((e) => e.type === 'activity.entered' && ENDS.has((e as { elementId: string }).elementId))
        .map((e) => (e as { elementId: string }).elementId);
      return { status: info?.status ?? 'missing', end };
    },
  });
}

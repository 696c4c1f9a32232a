/**
 * Test helpers: a test engine with the pack deployed on a calendar with a holiday, the cast
 * of actors (one per channel), valid records, and a compact view of who holds what.
 */
import type { Actor, BusinessCalendar } from '@handoff/engine';
import { createTestEngine, type TestEngine } from '@handoff/testing';
import { DateTime } from 'luxon';
import { captureOpportunity, createGroupOpportunityPack, groupOpportunityCalendar, type GroupOpportunityPackOptions, type OpportunityInput } from '../src/index';

export const ZONE = 'Asia/Shanghai';

/** One actor per channel. */
export const accountManager: Actor = { id: 'am-li', roles: ['accountManager'] };
export const agent: Actor = { id: 'agent-wang', roles: ['socialChannel'] };
export const phoneManager: Actor = { id: 'pm-zhao', roles: ['phoneAccountManager'] };
export const webDesk: Actor = { id: 'web-qian', roles: ['website'] };
export const hallClerk: Actor = { id: 'hall-sun', roles: ['serviceHall'] };
export const hotlineAgent: Actor = { id: 'hotline-zhou', roles: ['groupHotline'] };
export const expoGuide: Actor = { id: 'expo-wu', roles: ['experienceHall'] };
export const dispatcher: Actor = { id: 'ops-zheng', roles: ['operationsCenter'] };

/** 2026-04-06 (a Monday) is a holiday on the test calendar (清明节). */
export const HOLIDAY = '2026-04-06';

/** A complete opportunity for a class-C group without an account-manager flag, captured at the hotline. */
export function anOpportunity(over: { enterprise?: Partial<OpportunityInput['enterprise']>; need?: Partial<OpportunityInput['need']> } & Partial<Omit<OpportunityInput, 'enterprise' | 'need'>> = {}): OpportunityInput {
  const { enterprise, need, ...rest } = over;
  return {
    kind: 'opportunity',
    contactChannel: 'groupHotline',
    opportunity: { title: '集团专线扩容', passive: true },
    enterprise: { name: '杭州西湖科技有限公司', class: 'C', accountManagerFlag: false, ...enterprise },
    contact: { name: '陈静', phone: '13800000001' },
    keyPerson: { name: '林总', title: '总经理' },
    need: { type: '通信', product: '专线', requirements: '100M 专线两条', willingToTalk: true, ...need },
    informatisation: { current: '已有企业邮箱' },
    ...rest,
  } as OpportunityInput;
}

/** A lead: the need is unclear, a product was recommended. */
export function aLead(over: Partial<OpportunityInput> = {}): OpportunityInput {
  const o = anOpportunity();
  return { ...o, kind: 'lead', need: { type: '信息化', recommendedProduct: '企业名片', willingToTalk: true }, ...over } as OpportunityInput;
}

export interface GroupTestEngine extends TestEngine {
  capture(record?: OpportunityInput): Promise<string>;
  /** Open tasks of the instance as `elementId@role` (sorted). */
  holders(instanceId: string): Promise<string[]>;
}

/** Epoch ms → `MM-dd HH:mm` in Beijing time. */
export function local(at: number): string {
  return DateTime.fromMillis(at, { zone: ZONE }).toFormat('MM-dd HH:mm');
}

/** A test engine (Monday 2026-03-02 09:00 Beijing) with the pack on the default calendar plus a holiday. */
export async function groupEngine(options: { pack?: GroupOpportunityPackOptions; start?: string; calendars?: readonly BusinessCalendar[] } = {}): Promise<GroupTestEngine> {
  const t = await createTestEngine({
    packs: [createGroupOpportunityPack(options.pack)],
    zone: ZONE,
    calendars: options.calendars ?? [groupOpportunityCalendar({ holidays: [HOLIDAY] })],
    ...(options.start ? { start: options.start } : {}),
  });
  return Object.assign(t, {
    async capture(record: OpportunityInput = anOpportunity()) {
      const inst = await captureOpportunity(t.engine, record);
      await t.engine.idle();
      return inst.id;
    },
    async holders(instanceId: string) {
      const tasks = await t.openTasks({ instanceId });
      return tasks.map((k) => `${k.elementId}@${k.role}`).sort();
    },
  });
}

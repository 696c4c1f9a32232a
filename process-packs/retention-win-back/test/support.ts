/**
 * Test helpers: a test engine with the pack on the default calendar plus a holiday, the
 * cast (one actor per lane, two community managers), list entries and applications.
 */
import type { Actor, BusinessCalendar } from '@handoff/engine';
import { createTestEngine, type TestEngine } from '@handoff/testing';
import { DateTime } from 'luxon';
import { createRetentionPack, retentionCalendar, type ApplicationInput, type CustomerInput, type RetentionPackOptions } from '../src/index';

export const ZONE = 'Asia/Shanghai';
/** 2026-04-06 (a Monday) is a holiday on the test calendar (清明节). */
export const HOLIDAY = '2026-04-06';

export const marketing: Actor = { id: 'mkt-huang', roles: ['marketingTeam'] };
export const it: Actor = { id: 'it-xu', roles: ['itSupport'] };
export const hotline: Actor = { id: 'hl-zhou', roles: ['hotline10000'] };
/** Community managers hold their community's group only (not the lane role). */
export const managerLi: Actor = { id: 'cm-li', roles: ['community:SQ01'] };
export const managerWang: Actor = { id: 'cm-wang', roles: ['community:SQ02'] };

/** An active customer of SQ01 whom no criterion flags (spend steady, no IP, no complaints). */
export function aCustomer(over: Partial<CustomerInput> = {}): CustomerInput {
  return {
    customerId: 'C001',
    name: '陈静',
    phone: '13800000001',
    address: '天河路 1 号',
    community: 'SQ01',
    communityManager: 'cm-li',
    status: 'active',
    arpu: 88,
    localCallSpend: [60, 58, 61, 59],
    ipSpendOtherNetwork: 0,
    complaints3m: 0,
    repeatedFaults3m: 0,
    ...over,
  } as CustomerInput;
}

/** A 10000 application for a new line in SQ01. */
export function anApplication(over: Partial<ApplicationInput> = {}): ApplicationInput {
  return {
    applicationType: 'newLine',
    workNumber: '100001',
    customer: { name: '林峰', phone: '13900000002', address: '体育西路 8 号' },
    community: 'SQ01',
    communityManager: 'cm-li',
    ...over,
  } as ApplicationInput;
}

export interface RetentionTestEngine extends TestEngine {
  /** Open tasks of the instance as `elementId@assignee-or-candidates` (sorted). */
  holders(instanceId: string): Promise<string[]>;
}

/** Epoch ms → `MM-dd HH:mm` in Beijing time. */
export function local(at: number): string {
  return DateTime.fromMillis(at, { zone: ZONE }).toFormat('MM-dd HH:mm');
}

/** A test engine (Monday 2026-03-02 09:00 Beijing) with the pack on the default calendar plus a holiday. */
export async function retentionEngine(options: { pack?: RetentionPackOptions; start?: string; calendars?: readonly BusinessCalendar[] } = {}): Promise<RetentionTestEngine> {
  const t = await createTestEngine({
    packs: [createRetentionPack(options.pack)],
    zone: ZONE,
    calendars: options.calendars ?? [retentionCalendar({ holidays: [HOLIDAY] })],
    ...(options.start ? { start: options.start } : {}),
  });
  return Object.assign(t, {
    async holders(instanceId: string) {
      const tasks = await t.openTasks({ instanceId });
      return tasks.map((k) => `${k.elementId}@${[...k.candidateGroups, ...(k.candidateUsers ?? [])].join(',') || k.role}`).sort();
    },
  });
}

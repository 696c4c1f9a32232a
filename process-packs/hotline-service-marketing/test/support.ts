/**
 * Test helpers: a test engine with the pack deployed, the cast (two agents, the review team),
 * products of the sample list picked by what routes where, and a compact call helper.
 */
import type { Actor } from '@handoff/engine';
import { createTestEngine, type TestEngine } from '@handoff/testing';
import { createHotlineMarketingPack, hotlineReviewCalendar, receiveCall, sampleProducts, type CallInput, type HotlineMarketingPackOptions, type Product } from '../src/index';

export const ZONE = 'Asia/Shanghai';
export const agentWang: Actor = { id: '10086-A01', roles: ['hotlineAgent'] };
export const agentLi: Actor = { id: '10086-B01', roles: ['hotlineAgent'] };
export const reviewer: Actor = { id: 'review-chai', roles: ['businessReview'] };

const products = sampleProducts();
/** The first sample product matching `f`. */
export function product(what: string, f: (p: Product) => boolean): Product {
  const p = products.find(f);
  if (!p) throw new Error(`no sample product: ${what}`);
  return p;
}
const only = (p: Product, ...cs: (keyof Product['channels'])[]) => (Object.keys(p.channels) as (keyof Product['channels'])[]).every((c) => p.channels[c] === cs.includes(c));
/** One product per route of the channel table. */
export const ROUTED = {
  hotline: product('hotline, precision', (p) => p.channels.hotline && p.marketingTypes.includes('precision')),
  ivr: product('ivr, no hotline, precision', (p) => !p.channels.hotline && p.channels.ivr && p.marketingTypes.includes('precision')),
  sms: product('sms only, simple, precision', (p) => only(p, 'sms') && p.profile === 'simple' && p.marketingTypes.includes('precision')),
  app: product('app only, data, precision', (p) => only(p, 'app') && p.marketingTypes.includes('precision')),
  web: product('web only, content, precision', (p) => only(p, 'web') && p.marketingTypes.includes('precision')),
  none: product('no channel', (p) => only(p)),
} as const;

/** A complete call: a customer asking about their bill. */
export function aCall(over: Partial<CallInput> = {}): CallInput {
  return { callId: 'CALL-1', customer: { msisdn: '13800000001', brand: '全球通' }, request: { kind: 'query' }, ...over };
}

export interface HotlineTestEngine extends TestEngine {
  call(call?: CallInput): Promise<string>;
  /** The instance's active elements, sorted. */
  at(instanceId: string): Promise<string[]>;
  variables(instanceId: string): Promise<Record<string, unknown>>;
}

/** A test engine (Monday 2012-10-08 09:00 Beijing) with the pack. */
export async function hotlineEngine(options: { pack?: HotlineMarketingPackOptions; start?: string } = {}): Promise<HotlineTestEngine> {
  const t = await createTestEngine({ packs: [createHotlineMarketingPack(options.pack)], zone: ZONE, calendars: [hotlineReviewCalendar({ holidays: ['2012-10-01', '2012-10-02', '2012-10-03'] })], start: options.start ?? '2012-10-08T09:00:00+08:00' });
  return Object.assign(t, {
    async call(call: CallInput = aCall()) {
      const inst = await receiveCall(t.engine, call);
      await t.engine.idle();
      return inst.id;
    },
    async at(instanceId: string) {
      return [...((await t.engine.instances.get(instanceId))?.activeElements ?? [])].sort();
    },
    async variables(instanceId: string) {
      return (await t.engine.instances.get(instanceId))?.variables ?? {};
    },
  });
}

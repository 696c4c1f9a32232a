/**
 * The product list (业务及资费清单): every product, tariff and campaign with the channels that
 * can complete it, what it is like (for the channel fit), the marketing types it suits and
 * the problems it solves (for cross-selling). Pack data: the host passes its own list.
 *
 * The sample list reproduces the source's counts exactly (第一阶段: 共有214种业务及资费 —
 * 173种业务、31种资费、10类营销活动 — 其中50种 (32种业务、18种资费) 可以通过10086人工台办理,
 * 78种业务可以通过短信渠道办理, 91种业务及资费需提出100%的业务承载功能需求). Which items the IVR,
 * the app hall and the web hall complete, and the names, are the pack's own (README).
 *
 * @module
 */
import { z } from 'zod';
import { ITEM_KINDS, MARKETING_TYPES, PROFILES, SERVICE_CHANNELS, type ItemKind, type MarketingType, type Profile, type ServiceChannel } from './channels';

const channelsShape = Object.fromEntries(SERVICE_CHANNELS.map((c) => [c, z.boolean({ error: `channels.${c} is required: can the ${c} channel complete it (true or false)` })])) as Record<ServiceChannel, z.ZodBoolean>;

/** One item of the list. */
export const productSchema = z.strictObject({
  id: z.string({ error: 'id is required: the item code, e.g. P001' }).regex(/^[A-Za-z0-9_-]{1,32}$/, 'id must be 1–32 letters, digits, _ or -'),
  name: z.string({ error: 'name is required' }).trim().min(1, 'name must not be empty'),
  kind: z.enum(ITEM_KINDS, { error: `kind must be one of ${ITEM_KINDS.join(', ')}` }),
  profile: z.enum(PROFILES, { error: `profile must be one of ${PROFILES.join(', ')}` }),
  channels: z.strictObject(channelsShape, { error: 'channels is required: { hotline, ivr, sms, app, web } booleans' }),
  marketingTypes: z.array(z.enum(MARKETING_TYPES, { error: `marketingTypes[] must be one of ${MARKETING_TYPES.join(', ')}` })),
  /** Problems (as the agent records them on the call) the item solves: cross-selling candidates. */
  solves: z.array(z.string().trim().min(1)).default([]),
}, { error: (iss: { code?: string; keys?: readonly string[] }) => (iss.code === 'unrecognized_keys' ? `unknown field ${(iss.keys ?? []).map((k) => `'${k}'`).join(', ')} in a product; the fields are id, name, kind, profile, channels, marketingTypes, solves` : 'a product must be an object of fields') });
export type Product = z.output<typeof productSchema>;
export type ProductInput = z.input<typeof productSchema>;

/** A product list: ids unique; an item tagged for a marketing type the agent starts (cross, precision, active) must have a channel; a `crossSell` item names the problems it solves. */
export const productListSchema = z.array(productSchema).superRefine((list, ctx) => {
  const seen = new Map<string, number>();
  list.forEach((p, i) => {
    const first = seen.get(p.id);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `id ${p.id} is used twice (items ${first} and ${i}); give every item its own id` });
    else seen.set(p.id, i);
    const initiated = p.marketingTypes.filter((t) => t !== 'service');
    if (initiated.length && !SERVICE_CHANNELS.some((c) => p.channels[c])) ctx.addIssue({ code: 'custom', path: [i, 'marketingTypes'], message: `${p.id} is tagged ${initiated.join(', ')} but no channel can complete it; an agent may only recommend what a channel completes — give it a channel or drop the tags` });
    if (p.marketingTypes.includes('crossSell') && !p.solves.length) ctx.addIssue({ code: 'custom', path: [i, 'solves'], message: `${p.id} is tagged crossSell but solves no problem; list the problems it solves (e.g. ["流量超支"])` });
  });
});

/** Counts of a list, as the source states them. */
export interface ProductCounts {
  total: number;
  byKind: Record<ItemKind, number>;
  /** Items each channel can complete, and by kind. */
  byChannel: Record<ServiceChannel, { total: number; byKind: Record<ItemKind, number> }>;
  /** Items no channel can complete (neither the agent nor a self-service channel). */
  noChannel: number;
  /** Items at least one channel completes, over all items (the source's 业务承载率). */
  carriedShare: number;
}

const kinds = (): Record<ItemKind, number> => ({ product: 0, tariff: 0, campaign: 0 });

/** Count a list by kind and channel. */
export function productCounts(list: readonly Product[]): ProductCounts {
  const byKind = kinds();
  const byChannel = Object.fromEntries(SERVICE_CHANNELS.map((c) => [c, { total: 0, byKind: kinds() }])) as ProductCounts['byChannel'];
  let noChannel = 0;
  for (const p of list) {
    byKind[p.kind]++;
    let any = false;
    for (const c of SERVICE_CHANNELS) {
      if (!p.channels[c]) continue;
      any = true;
      byChannel[c].total++;
      byChannel[c].byKind[p.kind]++;
    }
    if (!any) noChannel++;
  }
  return { total: list.length, byKind, byChannel, noChannel, carriedShare: list.length ? (list.length - noChannel) / list.length : 0 };
}

/** Problems customers call about that some items solve (the sample's cross-selling keys). */
export const SAMPLE_PROBLEMS = ['流量超支', '话费偏高', '漏接来电', '出境漫游', '彩铃咨询', '短信过多'] as const;

interface Bucket {
  kind: ItemKind;
  count: number;
  channels: Partial<Record<ServiceChannel, boolean>>;
  /** Profiles, cycled in order. */
  profiles: readonly Profile[];
  /** The first `ivr` items of the bucket also complete in the IVR. */
  ivr?: number;
  /** Names, then `${stem}${n}`. */
  names: readonly string[];
  stem: string;
}

/**
 * The sample buckets. Source counts (binding): 173 / 31 / 10; hotline 32 products + 18 tariffs;
 * SMS 78; no channel 91. The rest (IVR, app hall, web hall; the split of the SMS items) is
 * the pack's choice.
 */
const BUCKETS: readonly Bucket[] = [
  { kind: 'product', count: 20, channels: { hotline: true }, profiles: ['complex', 'complex', 'simple'], ivr: 6, names: ['国际漫游开通', '家庭宽带预约', '亲情号码', '呼叫转移', '语音信箱', '号码预约', '全球通积分兑换', '手机保险'], stem: '人工台业务' },
  { kind: 'product', count: 12, channels: { hotline: true, sms: true }, profiles: ['simple', 'data'], names: ['来电提醒', '流量加油包', '彩铃', '手机报', '飞信会员', '12580惠生活'], stem: '人工短厅业务' },
  { kind: 'product', count: 46, channels: { sms: true }, profiles: ['simple', 'simple', 'data', 'simple', 'content'], ivr: 10, names: ['短信包', '139邮箱', '手机阅读', '来电显示', '无线音乐俱乐部', '天气预报'], stem: '短厅业务' },
  { kind: 'product', count: 8, channels: { app: true }, profiles: ['data'], names: ['手机视频', '移动MM', '手机导航', '流量日包'], stem: '掌厅业务' },
  { kind: 'product', count: 5, channels: { web: true }, profiles: ['content'], names: ['详单打印', '电子发票', '积分商城'], stem: '网厅业务' },
  { kind: 'product', count: 82, channels: {}, profiles: ['complex', 'simple', 'data', 'content'], names: ['集团彩铃', '号码过户', '补换卡', '宽带移机'], stem: '待承载业务' },
  { kind: 'tariff', count: 10, channels: { hotline: true }, profiles: ['complex'], names: ['全球通88套餐', '动感地带校园套餐', '神州行家园卡'], stem: '人工台资费' },
  { kind: 'tariff', count: 8, channels: { hotline: true, sms: true }, profiles: ['simple'], names: ['5元闲时流量', '10元短信包月'], stem: '人工短厅资费' },
  { kind: 'tariff', count: 7, channels: { sms: true }, profiles: ['simple', 'data'], names: ['夜间流量包'], stem: '短厅资费' },
  { kind: 'tariff', count: 6, channels: {}, profiles: ['complex'], names: ['家庭套餐'], stem: '待承载资费' },
  { kind: 'campaign', count: 5, channels: { sms: true }, profiles: ['simple'], names: ['话费充值送流量', '存费送机'], stem: '短厅营销活动' },
  { kind: 'campaign', count: 1, channels: { app: true }, profiles: ['data'], names: ['掌厅首登有礼'], stem: '掌厅营销活动' },
  { kind: 'campaign', count: 1, channels: { web: true }, profiles: ['content'], names: ['网厅积分抽奖'], stem: '网厅营销活动' },
  { kind: 'campaign', count: 3, channels: {}, profiles: ['complex'], names: ['合约购机'], stem: '待承载营销活动' },
];

const PREFIX: Record<ItemKind, string> = { product: 'P', tariff: 'T', campaign: 'C' };

/**
 * The sample product list: 214 items whose counts are the source's (see {@link productCounts}).
 * Deterministic: the same list on every call. Marketing types: every item suits service
 * marketing (a customer may ask for anything); of the items a channel completes, every second
 * suits precision marketing, every third cross-selling (solving one of {@link SAMPLE_PROBLEMS}),
 * and the campaigns and the first five hotline products are key products (active marketing).
 */
export function sampleProducts(): Product[] {
  const next: Record<ItemKind, number> = { product: 0, tariff: 0, campaign: 0 };
  const out: Product[] = [];
  let capable = 0;
  let hotlineProducts = 0;
  for (const b of BUCKETS) {
    for (let i = 0; i < b.count; i++) {
      const n = ++next[b.kind];
      const id = `${PREFIX[b.kind]}${String(n).padStart(b.kind === 'product' ? 3 : 2, '0')}`;
      const channels = { hotline: false, ivr: false, sms: false, app: false, web: false, ...b.channels, ...(i < (b.ivr ?? 0) ? { ivr: true } : {}) };
      const profile = b.profiles[i % b.profiles.length]!;
      // Channels that suit the profile complete it too: a data item in the SMS hall also in the app hall, a content item in the web hall.
      if (channels.sms && profile === 'data') channels.app = true;
      if (channels.sms && profile === 'content') channels.web = true;
      const types: MarketingType[] = ['service'];
      const solves: string[] = [];
      const hasChannel = Object.values(channels).some(Boolean);
      if (hasChannel) {
        if (capable % 3 === 0) {
          types.push('crossSell');
          solves.push(SAMPLE_PROBLEMS[(capable / 3) % SAMPLE_PROBLEMS.length]!);
        }
        if (capable % 2 === 0) types.push('precision');
        if (b.kind === 'campaign' || (b.kind === 'product' && channels.hotline && hotlineProducts++ < 5)) types.push('active');
        capable++;
      }
      out.push({ id, name: b.names[i] ?? `${b.stem}${String(i + 1).padStart(2, '0')}`, kind: b.kind, profile, channels, marketingTypes: types, solves });
    }
  }
  return out;
}

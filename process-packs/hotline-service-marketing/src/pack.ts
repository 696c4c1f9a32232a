/**
 * The pack: the BPMN and DMN files, lane roles, schemas over the product list and SLA
 * policies, ready for `engine.deploy(createHotlineMarketingPack(options))`; the CTI's entry
 * point ({@link receiveCall}) and the channels' order report ({@link recordChannelOrder}).
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { InvalidArgumentError, ValidationError, type Engine, type InstanceInfo, type SlaPolicyConfig } from '@handoff/engine';
import { CHANNEL_LANE, LANES, RECOMMENDATION_CHANNELS, type Lane, type RecommendationChannel } from './channels';
import { productListSchema, sampleProducts, type Product, type ProductInput } from './products';
import { callSchema, taskSchemas, type CallInput } from './schemas';
import { CALL_LIMIT, HALL_WINDOW, HOTLINE_LIMIT, hotlineMarketingSlaPolicies, IVR_WINDOW, PROCESS_ID, REQUIREMENT_LIMIT, REVIEW_CALENDAR } from './sla';

/** The pack's name. */
export const PACK_NAME = 'hotline-service-marketing';
/** The BPMN file, next to `src/` and `dist/` alike. */
export const BPMN_URL = new URL('../bpmn/hotline-service-marketing.bpmn', import.meta.url);
/** The DMN file (decisions `marketingSuggestion` and `recommendationChannel`). */
export const DMN_URL = new URL('../bpmn/hotline-service-marketing.dmn', import.meta.url);

/** The BPMN XML as shipped (windows: IVR `PT10M`, halls `PT72H`). */
export function hotlineMarketingBpmn(): string {
  return readFileSync(BPMN_URL, 'utf8');
}

/** The DMN XML as shipped. */
export function hotlineMarketingDmn(): string {
  return readFileSync(DMN_URL, 'utf8');
}

/** Options of {@link createHotlineMarketingPack}; all optional. */
export interface HotlineMarketingPackOptions {
  /** The product list; default {@link sampleProducts} (the source's counts). */
  products?: readonly ProductInput[];
  /** The period's key product (active marketing); default the first product on the list tagged `active`; `null` for none. */
  keyProduct?: string | null;
  /** Call answered and handled; default `PT10M`. */
  callLimit?: string;
  /** Business completed on the call; default `PT5M`. */
  hotlineLimit?: string;
  /** IVR confirmation window; default `PT10M`. */
  ivrWindow?: string;
  /** SMS / app / web hall order window; default `PT72H`. */
  hallWindow?: string;
  /** Capability requirement recorded, on the review calendar; default `P5D` (5 working days). */
  requirementLimit?: string;
  /** The review team's calendar name; default `hotline-review-workdays` ({@link hotlineReviewCalendar}). */
  calendar?: string;
  /** Role name per lane, when the host's names differ (default: the lane id). */
  roles?: Partial<Record<Lane, string>>;
}

/** The pack: a `DeployInput` for `engine.deploy`. */
export interface HotlineMarketingPack {
  name: string;
  bpmn: string;
  dmn: string;
  roles: Record<string, string>;
  schemas: { start: Record<string, ReturnType<typeof callSchema>>; tasks: ReturnType<typeof taskSchemas> };
  sla: SlaPolicyConfig[];
  /** The product list the schemas check against (validated). */
  products: readonly Product[];
}

const FIXED = /^PT(?=\d)(\d+H)?(\d+M)?(\d+S)?$/;
const WORKING = /^P(?!$)(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;

function duration(name: string, value: string | undefined, fallback: string, pattern: RegExp, example: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !pattern.test(value)) throw new InvalidArgumentError(name, `expected an ISO 8601 duration such as ${example}, got ${JSON.stringify(value)}`, `write ${name} as e.g. ${example}.`);
  return value;
}

/**
 * Create the pack. The windows are written into the BPMN timers, so each timer and its SLA
 * clock share one limit.
 *
 * @throws ValidationError when `products` is not a valid product list (`issues[].path` names the item and field).
 * @throws InvalidArgumentError for a bad duration, calendar name or key product.
 *
 * @example
 * ```ts
 * const engine = createEngine({ calendars: [hotlineReviewCalendar()] });
 * await engine.deploy(createHotlineMarketingPack({ hallWindow: 'PT48H' }));
 * ```
 */
export function createHotlineMarketingPack(options: HotlineMarketingPackOptions = {}): HotlineMarketingPack {
  const parsed = productListSchema.safeParse(options.products ?? sampleProducts());
  if (!parsed.success) throw new ValidationError('the product list', parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'number' ? p : String(p))), code: i.code, message: i.message })));
  const products = parsed.data;
  const fallbackKey = products.find((p) => p.marketingTypes.includes('active'))?.id ?? null;
  const keyProduct = options.keyProduct === undefined ? fallbackKey : options.keyProduct;
  if (keyProduct !== null) {
    const p = products.find((x) => x.id === keyProduct);
    if (!p || !p.marketingTypes.includes('active')) throw new InvalidArgumentError('keyProduct', `${JSON.stringify(keyProduct)} is ${p ? 'not tagged active' : 'not on the product list'}`, 'name a product of the list tagged active, or pass null for no key product.');
  }
  const ivrWindow = duration('ivrWindow', options.ivrWindow, IVR_WINDOW, FIXED, 'PT10M');
  const hallWindow = duration('hallWindow', options.hallWindow, HALL_WINDOW, FIXED, 'PT72H');
  const calendar = options.calendar ?? REVIEW_CALENDAR;
  if (typeof calendar !== 'string' || !/^[^"<>&]+$/.test(calendar)) throw new InvalidArgumentError('calendar', `expected a calendar name, got ${JSON.stringify(calendar)}`, 'name a calendar registered with createEngine({ calendars }).');
  const timer = (id: string, d: string) => [new RegExp(`(<bpmn:boundaryEvent id="${id}"[\\s\\S]*?<bpmn:timeDuration xsi:type="bpmn:tFormalExpression">)[^<]*(<)`), `$1${d}$2`] as const;
  let bpmn = hotlineMarketingBpmn();
  for (const [id, d] of [['ivrExpired', ivrWindow], ['smsHallExpired', hallWindow], ['appHallExpired', hallWindow], ['webHallExpired', hallWindow]] as const) bpmn = bpmn.replace(...timer(id, d));
  return {
    name: PACK_NAME,
    bpmn,
    dmn: hotlineMarketingDmn(),
    roles: Object.fromEntries(LANES.map((l) => [l, options.roles?.[l] ?? l])),
    schemas: { start: { [PROCESS_ID]: callSchema(products, keyProduct) }, tasks: taskSchemas(products) },
    sla: hotlineMarketingSlaPolicies({
      calendar,
      callLimit: duration('callLimit', options.callLimit, CALL_LIMIT, FIXED, 'PT10M'),
      hotlineLimit: duration('hotlineLimit', options.hotlineLimit, HOTLINE_LIMIT, FIXED, 'PT5M'),
      requirementLimit: duration('requirementLimit', options.requirementLimit, REQUIREMENT_LIMIT, WORKING, 'P5D'),
    }),
    products,
  };
}

/**
 * A call reaches the agents: starts the case with the call id as business key. The engine
 * checks the call against the deployed pack's product list.
 *
 * @throws ValidationError naming each field at fault (an unknown product, a CRM product not tagged precision…).
 */
export async function receiveCall(engine: Engine, call: CallInput): Promise<InstanceInfo> {
  const callId = (call as { callId?: unknown } | undefined)?.callId;
  return engine.start(PROCESS_ID, call as unknown as Record<string, unknown>, typeof callId === 'string' && callId.trim() ? { businessKey: callId.trim() } : {});
}

/** What {@link recordChannelOrder} did. */
export interface ChannelOrderResult {
  /** The order completed a waiting recommendation of that call in that channel. */
  credited: boolean;
  /** The case it completed. */
  instanceId?: string;
}

/**
 * A self-service channel reports that the customer ordered the recommended business: ends the
 * recommendation as succeeded. An order for a call with no open recommendation in that
 * channel (none made, another channel, or the window passed) is not credited — the result
 * says so; nothing changes.
 *
 * @throws InvalidArgumentError for an unknown channel or an empty call id.
 */
export async function recordChannelOrder(engine: Engine, order: { callId: string; channel: RecommendationChannel; orderNo?: string }): Promise<ChannelOrderResult> {
  if (!(RECOMMENDATION_CHANNELS as readonly string[]).includes(order?.channel)) throw new InvalidArgumentError('channel', `expected one of ${RECOMMENDATION_CHANNELS.join(', ')}, got ${JSON.stringify(order?.channel)}`, 'report the channel the customer ordered in: ivr, sms, app or web.');
  if (typeof order.callId !== 'string' || !order.callId.trim()) throw new InvalidArgumentError('callId', `expected the call id of the recommendation, got ${JSON.stringify(order.callId)}`, 'pass the callId the call started with.');
  const r = await engine.messages.correlate(`${CHANNEL_LANE[order.channel]}Ordered`, { correlationKey: order.callId.trim() }, { channelOrder: { channel: order.channel, ...(order.orderNo ? { orderNo: order.orderNo } : {}) } });
  const hit = r.correlated[0];
  return hit ? { credited: true, instanceId: hit.instanceId } : { credited: false };
}

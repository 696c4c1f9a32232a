/**
 * The pack's forms: what a call starts with, and what each user task returns. zod 4 schemas
 * built over the product list (a product id must be on the list, and an offer must suit the
 * product's marketing types), registered with the engine by the pack and exported so a host
 * can check a form first.
 *
 * Every object is strict (an unknown field is refused) and every issue names its field
 * (`ValidationError.issues[].path`), with a message that says how to fix it.
 *
 * @module
 */
import { form, oneOf, says, text, yesNo } from '@handoff/forms';
import { z } from 'zod';
import { MARKETING_TYPE_NAMES, MARKETING_TYPES, REQUEST_KINDS, type MarketingType } from './channels';
import type { Product } from './products';

/** Optional text whose empty value says "must not be empty: …" (this pack's wording; `@handoff/forms`' optionalText adds "when given"). */
const optionalText = (field: string, what: string) => text(field, what).optional();
const note = optionalText('note', 'a free-text remark');

/** A mainland mobile number (11 digits starting with 1). */
export const msisdnSchema = z.string({ error: says('customer.msisdn is required', 'customer.msisdn must be text') }).regex(/^1\d{10}$/, 'customer.msisdn must be a mainland mobile number: 11 digits starting with 1');

/** The three brands of the source (三大品牌), for the scripts' target groups. */
export const BRANDS = ['全球通', '动感地带', '神州行'] as const;
export type Brand = (typeof BRANDS)[number];

/** The product facts the decisions read (variable `offer`). */
export interface Offer {
  productId: string;
  name: string;
  kind: Product['kind'];
  profile: Product['profile'];
  channels: Product['channels'];
}

/** The marketing candidates the start schema finds on the product list (variable `candidates`). */
export interface Candidates {
  /** A product tagged crossSell that solves `request.problem`. */
  crossSell: string | null;
  /** The CRM's recommendation (`crm.productId`), tagged precision. */
  precision: string | null;
  /** The period's key product, tagged active. */
  active: string | null;
}

function index(products: readonly Product[]): Map<string, Product> {
  return new Map(products.map((p) => [p.id, p]));
}

const tagged = (p: Product, t: MarketingType) => p.marketingTypes.includes(t);

/** `offer` for a product. */
export function offerOf(p: Product): Offer {
  return { productId: p.id, name: p.name, kind: p.kind, profile: p.profile, channels: { ...p.channels } };
}

/** The call as the CTI / CRM hands it to the agent. */
const callShape = {
  callId: text('callId', 'the call id (the channels report orders with it)'),
  customer: form('customer', { msisdn: msisdnSchema, brand: oneOf('customer.brand', BRANDS).optional() }),
  request: form('request (what the customer called about)', {
    kind: oneOf('request.kind', REQUEST_KINDS),
    productId: optionalText('request.productId', 'the product the customer names'),
    problem: optionalText('request.problem', 'the problem the customer called about, e.g. 流量超支'),
  }),
  crm: form('crm (the CRM recommendation)', { productId: text('crm.productId', 'the product the CRM recommends for this customer') }).optional(),
  keyProductId: optionalText('keyProductId', "the period's key product"),
};

/**
 * Start variables of a call: checks every product id against the list and adds `candidates`.
 * `keyProductId` defaults to the pack's key product.
 */
export function callSchema(products: readonly Product[], keyProduct: string | null) {
  const byId = index(products);
  const crossSellers = products.filter((p) => tagged(p, 'crossSell'));
  return form('the call', callShape)
    .superRefine((v, ctx) => {
      const known = (id: string | undefined, path: (string | number)[], type?: MarketingType) => {
        if (id === undefined) return;
        const p = byId.get(id);
        if (!p) ctx.addIssue({ code: 'custom', path, message: `${path.join('.')} ${id} is not on the product list; use an id of the list (e.g. ${products[0]?.id ?? 'P001'})` });
        else if (type && !tagged(p, type)) ctx.addIssue({ code: 'custom', path, message: `${path.join('.')} ${id} (${p.name}) is not tagged for ${MARKETING_TYPE_NAMES[type]} (${type}); tag it on the product list or name another product` });
      };
      known(v.request.productId, ['request', 'productId']);
      known(v.crm?.productId, ['crm', 'productId'], 'precision');
      known(v.keyProductId, ['keyProductId'], 'active');
    })
    .transform((v) => {
      const keyProductId = v.keyProductId ?? keyProduct ?? undefined;
      const problem = v.request.problem;
      const candidates: Candidates = {
        crossSell: problem ? (crossSellers.find((p) => p.solves.includes(problem))?.id ?? null) : null,
        precision: v.crm?.productId ?? null,
        active: keyProductId ?? null,
      };
      return { ...v, ...(keyProductId !== undefined ? { keyProductId } : {}), candidates };
    });
}
/**
 * The call's fields alone (no product-list checks, no candidates): what a host's form for a
 * call draws. The deployed start schema ({@link callSchema}) checks the products.
 */
export const callInputSchema = form('the call', callShape);
/** What a call starts with (before the product checks). */
export type CallInput = z.input<typeof callInputSchema>;

/**
 * `handleRequest` (受理客户请求并营销): the request was handled, and the marketing on the call —
 * `{ type: 'none' }`, or a type with the product offered and whether the customer accepted.
 * The product must be on the list and tagged for the type; the output gains `offer` (the
 * product's facts) for the channel decision.
 */
export function handleRequestSchema(products: readonly Product[]) {
  const byId = index(products);
  return form('the call result', {
    resolved: yesNo('resolved', "was the customer's request resolved on the call?"),
    marketing: form('marketing', {
      type: oneOf('marketing.type', ['none', ...MARKETING_TYPES] as const),
      productId: optionalText('marketing.productId', 'the product offered'),
      accepted: yesNo('marketing.accepted', 'did the customer accept the offer?').optional(),
    }),
    note,
  })
    .superRefine((v, ctx) => {
      const m = v.marketing;
      if (m.type === 'none') {
        if (m.productId !== undefined || m.accepted !== undefined) ctx.addIssue({ code: 'custom', path: ['marketing', 'type'], message: "marketing.type is 'none' but a product or an answer is given; name the marketing type of the offer, or leave productId and accepted out" });
        return;
      }
      if (m.productId === undefined) ctx.addIssue({ code: 'custom', path: ['marketing', 'productId'], message: `marketing.productId is required for ${MARKETING_TYPE_NAMES[m.type]}: the product offered` });
      if (m.accepted === undefined) ctx.addIssue({ code: 'custom', path: ['marketing', 'accepted'], message: 'marketing.accepted is required when an offer was made: did the customer accept it (true or false)?' });
      if (m.productId === undefined) return;
      const p = byId.get(m.productId);
      if (!p) ctx.addIssue({ code: 'custom', path: ['marketing', 'productId'], message: `marketing.productId ${m.productId} is not on the product list; pick a product of the list` });
      else if (!tagged(p, m.type)) ctx.addIssue({ code: 'custom', path: ['marketing', 'type'], message: `${p.id} (${p.name}) does not suit ${MARKETING_TYPE_NAMES[m.type]} (${m.type}); it suits ${p.marketingTypes.join(', ') || 'no type'} — offer it as one of those, or offer another product` });
    })
    .transform((v) => {
      const p = v.marketing.productId !== undefined ? byId.get(v.marketing.productId) : undefined;
      return p ? { ...v, offer: offerOf(p) } : v;
    });
}

/** `completeOnHotline` (人工台办理或在线预约): ordered on the call, booked online, or not completed after all. */
export const completeOnHotlineSchema = form('the hotline result', {
  result: oneOf('result', ['ordered', 'booked', 'failed'] as const),
  orderNo: optionalText('orderNo', 'the order number in BOSS'),
  reason: optionalText('reason', 'why it was not completed'),
  note,
}).superRefine((v, ctx) => {
  if (v.result === 'failed' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: "reason is required when result is 'failed': why the business was not completed" });
});

/** `raiseRequirement` (提出业务承载需求): the capability requirement the business review team records. */
export const raiseRequirementSchema = form('the capability requirement', {
  requirement: text('requirement', 'what a channel must be able to do, e.g. 短厅支持办理家庭套餐'),
  channel: oneOf('channel', ['hotline', 'ivr', 'sms', 'app', 'web'] as const),
  note,
});

/** Task output schemas by user-task element id. */
export function taskSchemas(products: readonly Product[]) {
  return { handleRequest: handleRequestSchema(products), completeOnHotline: completeOnHotlineSchema, raiseRequirement: raiseRequirementSchema } as const;
}

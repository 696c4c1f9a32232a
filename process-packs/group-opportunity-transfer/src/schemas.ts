/**
 * The pack's data: the opportunity record a contact channel captures (六要素, the six record
 * elements), the product list, and what each user task's form returns. zod 4 schemas,
 * registered with the engine by the pack and exported so a host can validate forms first.
 *
 * Every object is strict (an unknown field is refused) and every issue names its field
 * (`ValidationError.issues[].path`), with a message written for the person filling the form.
 *
 * @module
 */
import { form, oneOf, optionalText, says, text, yesNo } from '@handoff/forms';
import { z } from 'zod';
import { CONTACT_CHANNELS, SALES_SERVICE_CHANNELS } from './channels';

const note = optionalText('note', 'a free-text remark');

/** A mainland mobile (11 digits starting with 1) or a landline with area code. */
export const phoneSchema = z
  .string({ error: says('phone is required', 'phone must be text') })
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, 'phone must be a mainland mobile (11 digits starting with 1) or a landline with area code (e.g. 0571-88888888)');

/** Customer class of the group: A/B/C/D, a potential group, or unknown to the contact channel. */
export const CUSTOMER_CLASSES = ['A', 'B', 'C', 'D', 'potential', 'unknown'] as const;
export type CustomerClass = (typeof CUSTOMER_CLASSES)[number];

/**
 * The products each contact channel can complete itself (pack data: `data/product-capabilities.json`;
 * a host passes its own list). Product names are compared exactly.
 */
export const capabilitiesSchema = form('the product list', {
  website: z.array(text('website[]', 'a product name')),
  serviceHall: z.array(text('serviceHall[]', 'a product name')),
  groupHotline: z.array(text('groupHotline[]', 'a product name')),
  phoneAccountManager: z.array(text('phoneAccountManager[]', 'a product name')),
});
export type ProductCapabilities = z.output<typeof capabilitiesSchema>;

/**
 * The opportunity record (商机信息六要素): basic opportunity info, enterprise info, contact
 * person, key person, need type, the group's current informatisation; plus the kind and
 * the contact channel.
 *
 * - `kind: 'lead'` (商机线索): the need is unclear, the customer names no product
 *   (`need.product` must be absent; `need.recommendedProduct` is what was recommended) and is
 *   willing to talk further (`need.willingToTalk: true`).
 * - `kind: 'opportunity'` (商机): the customer names a product (`need.product`) with concrete
 *   requirements (`need.requirements`), and is willing to talk further or plans to buy.
 */
export const opportunityShape = {
  kind: oneOf('kind', ['lead', 'opportunity'] as const),
  contactChannel: oneOf('contactChannel', CONTACT_CHANNELS),
  capturedBy: optionalText('capturedBy', 'the staff member who captured it'),
  opportunity: form('opportunity (basic opportunity info)', {
    title: text('opportunity.title', 'a short title of the opportunity'),
    passive: yesNo('opportunity.passive', 'did the customer come to us (passive opportunity)?'),
    description: optionalText('opportunity.description', 'what the customer said'),
  }),
  enterprise: form('enterprise (enterprise info)', {
    name: text('enterprise.name', "the group's registered name"),
    groupId: optionalText('enterprise.groupId', "the group's customer id in the system"),
    class: oneOf('enterprise.class', CUSTOMER_CLASSES),
    accountManagerFlag: yesNo('enterprise.accountManagerFlag', 'does the group carry an account-manager flag in the system?'),
    servingChannel: oneOf('enterprise.servingChannel', SALES_SERVICE_CHANNELS).optional(),
  }),
  contact: form('contact (contact person)', {
    name: text('contact.name', "the contact person's name"),
    phone: phoneSchema,
  }),
  keyPerson: form('keyPerson (key person)', {
    name: text('keyPerson.name', "the key person's name"),
    title: text('keyPerson.title', "the key person's position, e.g. 总经理"),
  }),
  need: form('need (need type)', {
    type: text('need.type', 'the kind of need, e.g. 通信, 信息化, 办公'),
    product: optionalText('need.product', 'the product the customer names'),
    recommendedProduct: optionalText('need.recommendedProduct', 'the product recommended to the customer'),
    requirements: optionalText('need.requirements', 'the concrete requirements'),
    willingToTalk: yesNo('need.willingToTalk', 'is the customer willing to talk further?'),
    plansToBuy: yesNo('need.plansToBuy', 'does the customer plan to buy?').optional(),
  }),
  informatisation: form('informatisation (current informatisation)', {
    current: text('informatisation.current', "the group's current informatisation, e.g. 已有企业邮箱"),
  }),
};

function refineRecord(v: { kind: 'lead' | 'opportunity'; need: { product?: string | undefined; requirements?: string | undefined; willingToTalk: boolean; plansToBuy?: boolean | undefined } }, ctx: z.RefinementCtx) {
  if (v.kind === 'opportunity') {
    if (!v.need.product) ctx.addIssue({ code: 'custom', path: ['need', 'product'], message: 'need.product is required for an opportunity: the product the customer names (without one, capture a lead)' });
    if (!v.need.requirements) ctx.addIssue({ code: 'custom', path: ['need', 'requirements'], message: 'need.requirements is required for an opportunity: the concrete requirements' });
    if (!v.need.willingToTalk && !v.need.plansToBuy) ctx.addIssue({ code: 'custom', path: ['need', 'willingToTalk'], message: 'an opportunity needs a customer willing to talk further or planning to buy (need.willingToTalk or need.plansToBuy true)' });
  } else {
    if (v.need.product) ctx.addIssue({ code: 'custom', path: ['need', 'product'], message: 'a lead names no product (the need is unclear); capture an opportunity when the customer names one' });
    if (!v.need.willingToTalk) ctx.addIssue({ code: 'custom', path: ['need', 'willingToTalk'], message: 'a lead needs a customer willing to talk further (need.willingToTalk: true); otherwise there is nothing to transfer' });
  }
}

/** The opportunity record alone (what a contact channel's form sends). */
export const opportunitySchema = form('the opportunity record', opportunityShape).superRefine(refineRecord);
export type OpportunityRecord = z.output<typeof opportunitySchema>;
export type OpportunityInput = z.input<typeof opportunitySchema>;

/** Start variables of the process: the record plus the product list (default: the pack's). */
export function startSchema(capabilities: ProductCapabilities) {
  return form('the opportunity record', { ...opportunityShape, capabilities: capabilitiesSchema.default(capabilities) }).superRefine(refineRecord);
}

const handled = (what: string) =>
  form(`the ${what} result`, {
    handled: z.literal(true, { error: says('handled is required: complete this task only when the business was handled (handled: true)', 'handled must be true') }),
    orderNo: optionalText('orderNo', 'the order number in BOSS'),
    note,
  });

/** `handle*` tasks: the contact channel completed the business itself. */
export const handleOnWebsiteSchema = handled('online handling');
export const handleAtServiceHallSchema = handled('counter handling');
export const handleOnHotlineSchema = handled('hotline handling');
export const handleByPhoneManagerSchema = handled('telephone handling');

/** `claimBy*` (认领): claim (responsibility moves) or return to the operations center with a reason. */
export const claimSchema = form('the claim decision', {
  accepted: yesNo('accepted', 'does your channel claim the opportunity (false: return it to the operations center)?'),
  returnReason: optionalText('returnReason', 'why the opportunity is returned'),
  note,
}).superRefine((v, ctx) => {
  if (!v.accepted && !v.returnReason) ctx.addIssue({ code: 'custom', path: ['returnReason'], message: 'returnReason is required when you return the opportunity: why your channel cannot handle it' });
});

/** `coverByPhoneManager` (双重覆盖): the telephone account manager's coverage result. */
export const coverSchema = form('the coverage result', {
  contacted: yesNo('contacted', 'did you reach the customer?'),
  note,
});

/** Sales stages after the claim (from the source). */
export const STAGES = ['communication', 'execution', 'acceptance', 'service'] as const;
export type Stage = (typeof STAGES)[number];
/** Chinese names of the stages. */
export const STAGE_NAMES: Record<Stage, string> = { communication: '销售沟通', execution: '销售执行', acceptance: '业务受理', service: '服务' };

/** `followUpBy*` (跟进销售服务): the stage the opportunity reached and whether it was won. */
export const followUpSchema = form('the follow-up result', {
  stage: oneOf('stage', STAGES),
  won: yesNo('won', 'did the customer buy (contract signed or business accepted)?'),
  note,
});

/** `dispatchByOperations` (人工派单): the channel chosen by the operations center. */
export const dispatchSchema = form('the dispatch decision', {
  dispatchTo: oneOf('dispatchTo', SALES_SERVICE_CHANNELS),
  reason: text('reason', 'why this channel'),
});

/** Task output schemas by user-task element id. */
export const taskSchemas = {
  handleByPhoneManager: handleByPhoneManagerSchema,
  handleOnWebsite: handleOnWebsiteSchema,
  handleAtServiceHall: handleAtServiceHallSchema,
  handleOnHotline: handleOnHotlineSchema,
  claimByAccountManager: claimSchema,
  claimBySocialChannel: claimSchema,
  coverByPhoneManager: coverSchema,
  followUpByAccountManager: followUpSchema,
  followUpBySocialChannel: followUpSchema,
  dispatchByOperations: dispatchSchema,
} as const;

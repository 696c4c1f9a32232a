/**
 * The pack's data: the case a field rep opens, and what each user task's form returns.
 * zod 4 schemas, registered with the engine by the pack (`schemas.start`, `schemas.tasks`)
 * and exported so a host can validate forms before sending them.
 *
 * Every schema is strict: an unknown field is refused (a misspelt `intrested` would
 * otherwise be dropped without a word). Messages are written for the operator filling the
 * form, and every issue names its field (`ValidationError.issues[].path`).
 *
 * @module
 */
import { form as strictForm, optionalText, says, text, yesNo } from '@handoff/forms';
import { z } from 'zod';

/** A strict form (`@handoff/forms`); this pack's forms have always said "must be an object of fields" when absent too. */
const form = <S extends z.ZodRawShape>(what: string, shape: S) => strictForm(what, shape, `${what} must be an object of fields`);

const note = optionalText('note', 'a free-text remark');

/** A mainland-China mobile number: 11 digits starting with 1, e.g. `13800000001`. */
export const phoneSchema = z
  .string({ error: says('phone is required: the customer\'s mobile number', 'phone must be text') })
  .regex(/^1\d{10}$/, 'phone must be a mainland mobile number: 11 digits starting with 1, e.g. 13800000001 (no spaces, no +86)');

/** A marketing grid id, e.g. `G01`: letters, digits, `-` or `_` (it becomes the role `grid:<id>`). */
export const gridSchema = z
  .string({ error: says('grid is required: the marketing grid the customer lives in, e.g. G01', 'grid must be text') })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$/, 'grid must be a grid id such as G01: letters, digits, - or _, at most 32 characters');

/** How the lead came in. Default `door-to-door`: the flow is the field rep's visit. */
export const channelSchema = z.enum(['door-to-door', 'hotline', 'hall'], {
  error: says('channel is required', "channel must be one of 'door-to-door', 'hotline', 'hall'"),
});

/** The case: start variables of `broadbandFieldSales`. */
export const caseSchema = form('the case', {
  customer: text('customer', "the customer's name"),
  phone: phoneSchema,
  address: text('address', 'the installation address'),
  grid: gridSchema,
  channel: channelSchema.default('door-to-door'),
  note,
});
/** A case as the process stores it (after defaults). */
export type BroadbandCase = z.output<typeof caseSchema>;
/** A case as a host sends it to `engine.start`. */
export type BroadbandCaseInput = z.input<typeof caseSchema>;

/** `visitCustomer` (上门营销): is the customer interested? */
export const visitCustomerSchema = form('the visit result', {
  interested: yesNo('interested', 'is the customer interested in broadband?'),
  note,
});

/** `callBack` (核实信息并回访): the hotline's resource check. */
export const callBackSchema = form('the callback result', {
  installable: yesNo('installable', 'can broadband be installed at the address (resource check)?'),
  note,
});

/** `explainReason` (原因解释): the reason told to the customer, and whether they insist with a way to handle it. */
export const explainReasonSchema = form('the explanation', {
  insists: yesNo('insists', 'does the customer strongly insist on broadband?'),
  handlingPath: optionalText('handlingPath', 'how the case can still be handled (told to the customer)'),
  reason: optionalText('reason', 'the concrete reason explained to the customer'),
  note,
});

/** `collaborate` (联系行销员协同处理): did the rep and the hotline resolve it together? */
export const collaborateSchema = form('the collaboration result', {
  resolved: yesNo('resolved', 'was the installation problem resolved?'),
  note,
});

/**
 * `secondMarketing` (二次营销及密码验证): the customer's consent and the service-password
 * check. `passwordVerified` may be left out only when the customer declined (it is then false).
 */
export const secondMarketingSchema = form('the second-marketing result', {
  consent: yesNo('consent', 'does the customer consent to open the account?'),
  passwordVerified: z.boolean({ error: says('passwordVerified must be true or false', 'passwordVerified must be true or false') }).optional(),
  note,
})
  .superRefine((v, ctx) => {
    if (v.consent && v.passwordVerified === undefined) {
      ctx.addIssue({ code: 'custom', path: ['passwordVerified'], message: 'passwordVerified is required when the customer consents: did the service-password check pass (true or false)?' });
    }
  })
  .transform((v) => ({ ...v, passwordVerified: v.passwordVerified ?? false }));

/** `install` (装机): the installation succeeded, and how the customer will pay. */
export const installSchema = form('the installation result', {
  installed: z.literal(true, {
    error: says('installed is required: complete this task only when the installation succeeded (installed: true)', 'installed must be true: complete this task only when the installation succeeded'),
  }),
  payAtHall: yesNo('payAtHall', 'will the customer pay at the business hall themselves?'),
  note,
});

const amount = z
  .number({ error: says('amount is required: the fee collected, in yuan', 'amount must be a number of yuan') })
  .positive('amount must be more than 0 yuan')
  .finite('amount must be a number of yuan');
const receipt = text('feeReceipt', 'the number of the receipt given to the customer');

/** `collectFee` (预约收费并开具收据): the rep collects by appointment and gives a receipt. */
export const collectFeeSchema = form('the fee record', {
  feeReceipt: receipt,
  amount,
  appointmentAt: z.iso.datetime({ offset: true, error: 'appointmentAt must be an ISO 8601 date-time with offset, e.g. 2026-03-03T10:00:00+08:00' }).optional(),
  note,
});

/** `collectFeeAtHall` (营业厅收费): the hall collects and gives a receipt. */
export const collectFeeAtHallSchema = form('the fee record', {
  feeReceipt: receipt,
  amount,
  note,
});

/** `handleBusiness` (业务代办): the agent's details, filled in strictly (代办人信息). */
export const handleBusinessSchema = form('the business-handling record', {
  agentName: text('agentName', "the agent's full name"),
  agentPhone: z
    .string({ error: says("agentPhone is required: the agent's phone", 'agentPhone must be text') })
    .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, 'agentPhone must be a mainland mobile (11 digits starting with 1) or a landline with area code (e.g. 0571-88888888)'),
  note,
});

/** Task output schemas by user-task element id. */
export const taskSchemas = {
  visitCustomer: visitCustomerSchema,
  callBack: callBackSchema,
  explainReason: explainReasonSchema,
  collaborate: collaborateSchema,
  secondMarketing: secondMarketingSchema,
  install: installSchema,
  collectFee: collectFeeSchema,
  collectFeeAtHall: collectFeeAtHallSchema,
  handleBusiness: handleBusinessSchema,
} as const;

/** The user-task element ids of the process. */
export type BroadbandTaskId = keyof typeof taskSchemas;
/** What a task's form sends to `engine.tasks.complete`, per task. */
export type BroadbandTaskOutput = { [K in BroadbandTaskId]: z.input<(typeof taskSchemas)[K]> };

/**
 * The pack's data: the campaign round, IT support's list (the seed's fields: 姓名 电话 地址
 * ARPU 投诉原因, plus the indicators the criteria read), what each user task's form
 * returns, and the 10000 application. zod 4 schemas, registered with the engine by the pack
 * and exported so a host can validate forms first. Every object is strict (an unknown
 * field is refused) and every issue names its field.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { form, oneOf, optionalText, says, text, yesNo } from '@handoff/forms';
import { z } from 'zod';

const yuan = (field: string, what: string) =>
  z.number({ error: says(`${field} is required: ${what}, in yuan`, `${field} must be a number of yuan`) }).min(0, `${field} must not be negative`).refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, `${field} must have at most 2 decimals (fen)`);
const count = (field: string, what: string) => z.number({ error: says(`${field} is required: ${what}`, `${field} must be a whole number`) }).int(`${field} must be a whole number`).min(0, `${field} must not be negative`);
const id = (field: string, what: string) => z.string({ error: says(`${field} is required: ${what}`, `${field} must be text`) }).regex(/^[A-Za-z0-9_-]{1,32}$/, `${field} must be 1–32 letters, digits, '-' or '_' (${what})`);
const note = optionalText('note', 'a free-text remark');

/** A mainland mobile (11 digits starting with 1) or a landline with area code. */
export const phoneSchema = z
  .string({ error: says('phone is required', 'phone must be text') })
  .regex(/^(1\d{10}|0\d{2,3}-?\d{7,8})$/, 'phone must be a mainland mobile (11 digits starting with 1) or a landline with area code (e.g. 020-88888888)');

// ------------------------------------------------------------------ retention / win-back

/** Start variables of `retentionWinBack`: the campaign round. */
export const campaignSchema = form('the campaign round', {
  period: z.string({ error: says('period is required: the month the list covers, YYYY-MM', 'period must be text') }).regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'period must be a month YYYY-MM, e.g. 2026-03'),
  title: optionalText('title', 'a name for the round'),
});
export type CampaignInput = z.input<typeof campaignSchema>;

/** Customer status on the list: still with us (high-risk candidates) or churned (win-back). */
export const CUSTOMER_STATUSES = ['active', 'churned'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/**
 * One customer of IT support's list. `localCallSpend` is the monthly local-call spend of the
 * last 4 to 6 months, oldest first (the criterion reads the last 3 month-on-month falls);
 * `complaints3m` / `repeatedFaults3m` count the last 3 months; `serviceRecords6m` counts the
 * fault reports and complaints of the last 6 months (for a churned user: the 6 months before
 * leaving — the source's 71% figure).
 */
export const customerSchema = form('the customer', {
  customerId: id('customerId', 'the customer id in CRM'),
  name: text('name', "the customer's name (姓名)"),
  phone: phoneSchema,
  address: text('address', 'the address (地址)'),
  community: id('community', 'the community (社区) id, e.g. SQ01'),
  communityManager: id('communityManager', "the actor id of the community's manager (社区经理)"),
  status: oneOf('status', CUSTOMER_STATUSES),
  churnedOn: z.iso.date({ error: 'churnedOn must be a date YYYY-MM-DD' }).optional(),
  arpu: yuan('arpu', 'the average revenue per user a month (ARPU)'),
  localCallSpend: z.array(yuan('localCallSpend[]', 'a month of local-call spend'), { error: 'localCallSpend is required: 4 to 6 months of local-call spend in yuan, oldest first' }).min(4, 'localCallSpend needs at least 4 months (3 month-on-month changes)').max(6, 'localCallSpend holds at most 6 months'),
  ipSpendOtherNetwork: yuan('ipSpendOtherNetwork', "the monthly spend on another network's IP service"),
  complaints3m: count('complaints3m', 'complaints in the last 3 months'),
  repeatedFaults3m: count('repeatedFaults3m', 'repeated fault reports in the last 3 months'),
  serviceRecords6m: count('serviceRecords6m', 'fault reports and complaints in the last 6 months (before leaving, for a churned user)').optional(),
  complaintReason: optionalText('complaintReason', 'the reason of the complaints (投诉原因)'),
}).superRefine((v, ctx) => {
  if (v.status === 'churned' && !v.churnedOn) ctx.addIssue({ code: 'custom', path: ['churnedOn'], message: 'churnedOn is required for a churned customer: the date they left (YYYY-MM-DD)' });
  if (v.status === 'active' && v.churnedOn) ctx.addIssue({ code: 'custom', path: ['churnedOn'], message: 'an active customer has no churnedOn; set status to churned or leave churnedOn out' });
});
export type CustomerInput = z.input<typeof customerSchema>;
export type Customer = z.output<typeof customerSchema>;

/** `provideList` (提供高危、离网用户名单): IT support's extract; customer ids are unique. */
export const provideListSchema = form('the list', {
  customers: z.array(customerSchema, { error: 'customers is required: the customers of the extract' }).max(10_000, 'customers holds at most 10,000 entries: split the list by community'),
  note,
}).superRefine((v, ctx) => {
  const seen = new Map<string, number>();
  v.customers.forEach((c, i) => {
    const first = seen.get(c.customerId);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['customers', i, 'customerId'], message: `customerId '${c.customerId}' is also customers[${first}]: list each customer once` });
    else seen.set(c.customerId, i);
  });
});

/** `reviewList` (审核分类分级结果): approve, or send the list back to IT support with a reason. */
export const reviewListSchema = form('the review', {
  approved: yesNo('approved', 'is the classified list right to dispatch (false: back to IT support)?'),
  returnReason: optionalText('returnReason', 'why the list goes back'),
  note,
}).superRefine((v, ctx) => {
  if (!v.approved && !v.returnReason) ctx.addIssue({ code: 'custom', path: ['returnReason'], message: 'returnReason is required when the list goes back: what IT support must correct' });
});

/** Work-order outcomes: for an active user `succeeded` = retained, for a churned user = won back. */
export const OUTCOMES = ['succeeded', 'declined', 'unreachable'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * `handleWorkOrder` (社区经理按工单针对性营销): the result written on the work order. The
 * actions taken are programme ids ({@link programmeIds} of the pack).
 */
export function workOrderResultSchema(programmeIds: readonly [string, ...string[]]) {
  return form('the work-order result', {
    contacted: yesNo('contacted', 'did you reach the customer?'),
    outcome: oneOf('outcome', OUTCOMES),
    actionsTaken: z.array(oneOf('actionsTaken[]', programmeIds), { error: 'actionsTaken is required: the programme ids you applied (empty when the customer was unreachable)' }).max(programmeIds.length),
    reason: optionalText('reason', 'what the customer said: why the spend fell, why they left'),
    note,
  }).superRefine((v, ctx) => {
    if (!v.contacted && v.outcome !== 'unreachable') ctx.addIssue({ code: 'custom', path: ['outcome'], message: "outcome must be 'unreachable' when the customer was not contacted" });
    if (v.contacted && v.outcome === 'unreachable') ctx.addIssue({ code: 'custom', path: ['outcome'], message: "outcome 'unreachable' needs contacted: false; a reached customer succeeded or declined" });
    if (v.contacted && v.actionsTaken.length === 0) ctx.addIssue({ code: 'custom', path: ['actionsTaken'], message: 'actionsTaken must name at least one programme when the customer was contacted (the offer on the work order)' });
    if (new Set(v.actionsTaken).size !== v.actionsTaken.length) ctx.addIssue({ code: 'custom', path: ['actionsTaken'], message: 'actionsTaken lists a programme twice' });
  });
}

/** `summaryAnalysis` (总结分析): the marketing team's findings. */
export const summarySchema = form('the summary analysis', {
  findings: text('findings', 'what the round showed'),
  nextActions: optionalText('nextActions', 'what to do next round'),
});

// ------------------------------------------------------------------ 10000 hotline pairing

/** What a customer applies for on the 10000 hotline (装机, 新业务开通, 移机, 撤机, 过户, 故障排除). */
export const APPLICATION_TYPES = ['newLine', 'newService', 'move', 'cancel', 'transfer', 'fault'] as const;
export type ApplicationType = (typeof APPLICATION_TYPES)[number];
/** Chinese names of the application types. */
export const APPLICATION_TYPE_NAMES: Record<ApplicationType, string> = { newLine: '装机', newService: '新业务开通', move: '移机', cancel: '撤机', transfer: '过户', fault: '故障排除' };
/** The face-to-face steps (填写表格, 身份证复印件, 收款, 安装, 拆机, 维修). */
export const VISIT_STEPS = ['form', 'idCopy', 'payment', 'install', 'uninstall', 'repair'] as const;
export type VisitStep = (typeof VISIT_STEPS)[number];
/** Chinese names of the steps. */
export const VISIT_STEP_NAMES: Record<VisitStep, string> = { form: '填写表格', idCopy: '身份证复印件', payment: '收款', install: '安装', uninstall: '拆机', repair: '维修' };

/** The steps each application type needs at the door (pack data: `data/required-steps.json`). */
export const requiredStepsSchema = form(
  'the required steps',
  Object.fromEntries(APPLICATION_TYPES.map((t) => [t, z.array(oneOf(`${t}[]`, VISIT_STEPS), { error: `${t} is required: the steps a ${APPLICATION_TYPE_NAMES[t]} visit needs` })])) as Record<ApplicationType, z.ZodArray<z.ZodEnum<{ [K in VisitStep]: K }>>>,
);
export type RequiredSteps = z.output<typeof requiredStepsSchema>;

/** The default required steps. */
export const REQUIRED_STEPS_URL = new URL('../data/required-steps.json', import.meta.url);
export function defaultRequiredSteps(): RequiredSteps {
  return requiredStepsSchema.parse(JSON.parse(readFileSync(REQUIRED_STEPS_URL, 'utf8')));
}

/** A work number as the 10000 system issues it: 6 to 12 digits. */
export const workNumberSchema = z.string({ error: says('workNumber is required: the work number 10000 gave the customer', 'workNumber must be text') }).regex(/^\d{6,12}$/, 'workNumber must be 6 to 12 digits, as the 10000 system issues it');

const applicationShape = {
  applicationType: oneOf('applicationType', APPLICATION_TYPES),
  workNumber: workNumberSchema,
  customer: form('customer', { name: text('customer.name', "the customer's name"), phone: phoneSchema, address: text('customer.address', 'where the visit goes') }),
  community: id('community', 'the community (社区) id of the address'),
  communityManager: id('communityManager', "the actor id of the community's manager"),
  service: optionalText('service', 'the business asked for, e.g. 来电显示, 宽带'),
  hotlineAgent: optionalText('hotlineAgent', 'the 10000 agent who took the call'),
};
/** The application the 10000 hotline takes (start variables of `hotlineVisit` without the step table). */
export const applicationSchema = form('the application', applicationShape);
export type ApplicationInput = z.input<typeof applicationSchema>;

/** Start variables of `hotlineVisit`: the application plus the step table (default: the pack's). */
export function applicationStartSchema(requiredSteps: RequiredSteps) {
  return form('the application', { ...applicationShape, requiredSteps: requiredStepsSchema.default(requiredSteps) });
}

/** `makeAppointment` (与用户预约上门): the agreed visit time. */
export const appointmentSchema = form('the appointment', {
  appointmentAt: z.iso.datetime({ offset: true, error: 'appointmentAt must be a date-time with an offset, e.g. 2026-03-03T10:00:00+08:00' }),
  note,
});

/** `verifyWorkNumber` (出示工作号验证身份): the number shown at the door and the customer's check. */
export const verifySchema = form('the verification', {
  shownWorkNumber: text('shownWorkNumber', 'the work number you showed the customer'),
  customerAccepted: yesNo('customerAccepted', 'did the customer accept the number as the one 10000 gave them?'),
  note,
});

/** `faceToFace` (上门办理面对面环节): the steps done and the amount collected. */
export const faceToFaceSchema = form('the visit record', {
  stepsDone: z.array(oneOf('stepsDone[]', VISIT_STEPS), { error: 'stepsDone is required: the steps done at the door' }).max(VISIT_STEPS.length),
  paymentYuan: z.number({ error: 'paymentYuan must be a number of yuan' }).positive('paymentYuan must be more than 0').optional(),
  note,
}).superRefine((v, ctx) => {
  if (new Set(v.stepsDone).size !== v.stepsDone.length) ctx.addIssue({ code: 'custom', path: ['stepsDone'], message: 'stepsDone lists a step twice' });
  if (v.stepsDone.includes('payment') && v.paymentYuan === undefined) ctx.addIssue({ code: 'custom', path: ['paymentYuan'], message: 'paymentYuan is required when payment was collected: the amount in yuan' });
  if (!v.stepsDone.includes('payment') && v.paymentYuan !== undefined) ctx.addIssue({ code: 'custom', path: ['paymentYuan'], message: "paymentYuan is only for a visit that collected payment: add 'payment' to stepsDone or leave paymentYuan out" });
});

/** `closeOnHotline` (10000号回单归档). */
export const closeSchema = form('the closing', {
  closed: z.literal(true, { error: says('closed is required: complete this task when the record is closed (closed: true)', 'closed must be true') }),
  customerSatisfied: yesNo('customerSatisfied', 'is the customer satisfied?'),
  note,
});

/** `reviewStoppedVisit` (10000号核实终止的上门). */
export const reviewStoppedSchema = form('the check of the stopped visit', {
  customerInformed: yesNo('customerInformed', 'did the hotline reach the customer about the stopped visit?'),
  note: text('note', 'what happened at the door'),
});

/** Task output schemas by user-task element id. */
export function taskSchemas(programmeIds: readonly [string, ...string[]]) {
  return {
    provideList: provideListSchema,
    reviewList: reviewListSchema,
    handleWorkOrder: workOrderResultSchema(programmeIds),
    summaryAnalysis: summarySchema,
    makeAppointment: appointmentSchema,
    verifyWorkNumber: verifySchema,
    faceToFace: faceToFaceSchema,
    closeOnHotline: closeSchema,
    reviewStoppedVisit: reviewStoppedSchema,
  } as const;
}

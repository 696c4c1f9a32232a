/**
 * Start variables and task outputs of the hall process, as zod schemas (validated by the
 * engine at start and on task completion).
 *
 * @module
 */
import { z } from 'zod';
import { TERMINAL_MARKETING_STEPS } from './marketing';

/** Start variables: the customer's ticket (queue number; also the business key). */
export const visitSchema = z.object({ ticket: z.string().min(1), customer: z.string().min(1).optional() }).passthrough();

/** `identifyNeeds`: what the greeter recorded on the tablet. Values are checked against the routing table by `routeCustomer`. */
export const identifyNeedsSchema = z.object({ need: z.string().min(1), spendingTier: z.string().min(1) }).strict();

const stepIds = TERMINAL_MARKETING_STEPS.map((s) => s.id) as [string, ...string[]];
/** `terminalMarketing`: the steps done (in method order) and whether the customer buys. */
export const terminalMarketingSchema = z
  .object({ stepsDone: z.array(z.enum(stepIds)).min(1), purchase: z.boolean(), device: z.string().min(1).optional() })
  .strict()
  .refine((o) => o.stepsDone.every((s, i) => i === 0 || stepIds.indexOf(s) > stepIds.indexOf(o.stepsDone[i - 1]!)), { message: 'stepsDone must follow the order of the six steps', path: ['stepsDone'] })
  .refine((o) => !o.purchase || o.stepsDone.includes('close'), { message: "a purchase needs the 'close' step", path: ['purchase'] });

/** `openCardAtKiosk`: could the kiosk finish without the counter? */
export const openCardAtKioskSchema = z.object({ kioskFinished: z.boolean(), number: z.string().min(1).optional() }).strict();

/** `handleComplaint`: resolved in the hall, or escalated. */
export const handleComplaintSchema = z.object({ resolved: z.boolean(), note: z.string().optional() }).strict();

/** Task output schemas by element id, for `engine.deploy({ schemas: { tasks } })`. */
export const taskSchemas = {
  identifyNeeds: identifyNeedsSchema,
  terminalMarketing: terminalMarketingSchema,
  openCardAtKiosk: openCardAtKioskSchema,
  handleComplaint: handleComplaintSchema,
};

/**
 * The packs this host deploys, and what people can do with them beyond their tasks:
 * **actions** (open a case, log a customer's call, capture an opportunity), each with the
 * roles that may run it, a zod schema for its form, and the host's own checks (a field rep
 * opens cases only in their grid).
 *
 * Task forms need no list here: each pack registers its task schemas with the engine, and
 * this catalogue keeps them by `processId/elementId` to turn them into forms.
 *
 * @module
 */
import { type Actor, type BusinessCalendar, type DeployInput, type Engine, type SchemaLike } from '@handoff/engine';
import { caseSchema, createBroadbandPack, phoneSchema, simulatedOpenAccount, PROCESS_ID as BROADBAND, reportCustomerCall } from '@handoff/pack-broadband-field-sales';
import {
  captureOpportunity,
  CONTACT_CHANNELS,
  createGroupOpportunityPack,
  groupOpportunityCalendar,
  opportunitySchema,
  PROCESS_ID as GROUP,
} from '@handoff/pack-group-opportunity-transfer';
import { createHallPack, hallResources, LANES as HALL_LANES, PROCESS_ID as HALL, visitSchema } from '@handoff/pack-hall-walk-routes';
import { retentionWinBack } from './packs/retentionWinBack';
import { callInputSchema, CHANNEL_LANE, createHotlineMarketingPack, hotlineReviewCalendar, receiveCall, RECOMMENDATION_CHANNELS, recordChannelOrder } from '@handoff/pack-hotline-service-marketing';
import { z } from 'zod';
import { AccessDeniedError } from './errors';

/** Something a person can do that is not a task: start a case, report a call, … */
export interface Action {
  /** `<pack>.<action>`, e.g. `broadband.openCase`. */
  id: string;
  pack: string;
  title: string;
  /** The roles that may run it (any one of them). `grid:*` means any role starting with `grid:`. */
  roles: readonly string[];
  /** The form (zod 4), strict: an unknown field is refused. Its JSON Schema (less `serverFields`) is what the page draws. */
  schema: z.ZodType;
  /** Fields of the schema the server fills from the session (who captured): a request that sends one is refused (422). */
  serverFields?: readonly string[];
  /** The host's checks on the input against the actor (e.g. the grid is the rep's), before running. */
  check?: (input: Record<string, unknown>, actor: Actor) => void;
  /** Run it; returns the case it started or touched, and a sentence for the person. */
  run: (engine: Engine, input: Record<string, unknown>, actor: Actor) => Promise<{ instanceId?: string; message: string }>;
}

/** A pack as this host deploys it. */
export interface PackEntry {
  name: string;
  title: string;
  /** What `engine.deploy` receives (one BPMN file, or several: each process's diagram is the file that defines it). */
  deploy: DeployInput & { bpmn: string | readonly string[]; schemas?: { tasks?: Record<string, SchemaLike> } };
  /** Roles that may view every case of the pack's processes (lanes, supervisors). */
  viewerRoles: readonly string[];
  actions: readonly Action[];
}

/** Does the actor hold one of `roles` (`grid:*` matches any grid role)? */
export function holdsAny(actor: Pick<Actor, 'roles'>, roles: readonly string[]): boolean {
  return roles.some((r) => (r.endsWith(':*') ? actor.roles.some((a) => a.startsWith(r.slice(0, -1))) : actor.roles.includes(r)));
}

function broadband(): PackEntry {
  // A demo host: accounts are simulated, explicitly (the pack has no default opener).
  const pack = createBroadbandPack({ openAccount: simulatedOpenAccount });
  return {
    name: 'broadband-field-sales',
    title: '三岗协同宽带行销 Broadband field sales',
    deploy: pack,
    viewerRoles: [...Object.values(pack.roles), 'hotlineSupervisor', 'fieldSalesSupervisor', 'hallSupervisor'],
    actions: [
      {
        id: 'broadband.openCase',
        pack: 'broadband-field-sales',
        title: 'Open a broadband case at the door (上门走访)',
        roles: ['fieldSales', 'grid:*'],
        schema: caseSchema,
        check: (input, actor) => {
          const grid = input.grid;
          if (typeof grid === 'string' && !actor.roles.includes('fieldSales') && !actor.roles.includes(`grid:${grid}`)) {
            const mine = actor.roles.filter((r) => r.startsWith('grid:')).map((r) => r.slice(5));
            throw new AccessDeniedError(`Actor '${actor.id}' may not open a case in grid ${grid}: reps open cases in their own grid [${mine.join(', ')}].`, `choose your grid (${mine.join(', ') || 'none'}), or ask a field sales supervisor (role fieldSales) to open it.`, [`grid:${grid}`, 'fieldSales']);
          }
        },
        run: async (engine, input) => {
          const inst = await engine.start(BROADBAND, input, { businessKey: String(input.phone) });
          return { instanceId: inst.id, message: `Case opened for ${String(input.customer)} (${String(input.phone)}).` };
        },
      },
      {
        id: 'broadband.customerCall',
        pack: 'broadband-field-sales',
        title: 'A customer calls to report a sale (客户来电报备)',
        roles: ['hotline'],
        schema: z.strictObject({ phone: phoneSchema }),
        run: async (engine, input) => {
          const r = await reportCustomerCall(engine, String(input.phone));
          const hit = r.correlated[0];
          return hit
            ? { instanceId: hit.instanceId, message: `The call was matched to the case of ${String(input.phone)}: its callback task is open.` }
            : { message: `No case waits for ${String(input.phone)} yet: the call is kept for 1 day and matched when the rep's visit is recorded.` };
        },
      },
    ],
  };
}

function groupOpportunity(): PackEntry {
  const pack = createGroupOpportunityPack();
  return {
    name: 'group-opportunity-transfer',
    title: '集团业务商机转移 Group opportunity transfer',
    deploy: pack,
    viewerRoles: [...Object.values(pack.roles)],
    actions: [
      {
        id: 'group.capture',
        pack: 'group-opportunity-transfer',
        title: 'Capture a group opportunity or lead (商机录入)',
        roles: [...CONTACT_CHANNELS],
        schema: opportunitySchema,
        serverFields: ['capturedBy'],
        check: (input, actor) => {
          const channel = input.contactChannel;
          if (typeof channel === 'string' && !actor.roles.includes(channel)) {
            throw new AccessDeniedError(`Actor '${actor.id}' may not capture for channel ${channel}: it is not one of your channels.`, `set contactChannel to one of your channels [${actor.roles.filter((r) => (CONTACT_CHANNELS as readonly string[]).includes(r)).join(', ')}].`, [channel]);
          }
        },
        run: async (engine, input, actor) => {
          const inst = await captureOpportunity(engine, { ...input, capturedBy: actor.id } as never);
          return { instanceId: inst.id, message: `Opportunity captured: ${String((input.opportunity as { title?: string } | undefined)?.title ?? '')}.` };
        },
      },
    ],
  };
}

function hallWalk(): PackEntry {
  const pack = createHallPack();
  return {
    name: 'hall-walk-routes',
    title: '营业厅客户行走路径 Hall walk routes',
    deploy: pack,
    viewerRoles: [...HALL_LANES],
    actions: [
      {
        id: 'hall.welcome',
        pack: 'hall-walk-routes',
        title: 'Welcome a customer: issue a ticket (迎宾取号)',
        roles: ['greeter'],
        // The pack's start schema lets unknown fields through into the case (passthrough);
        // what a greeter's form may start a case with is the ticket and a name, nothing else.
        schema: visitSchema.strict(),
        run: async (engine, input) => {
          const inst = await engine.start(HALL, input, { businessKey: String(input.ticket) });
          return { instanceId: inst.id, message: `Ticket ${String(input.ticket)} issued.` };
        },
      },
    ],
  };
}

function hotlineMarketing(): PackEntry {
  const pack = createHotlineMarketingPack();
  const channelRoles = RECOMMENDATION_CHANNELS.map((c) => CHANNEL_LANE[c]);
  return {
    name: 'hotline-service-marketing',
    title: '热线人工服务营销 Hotline service marketing',
    deploy: pack,
    viewerRoles: [...Object.values(pack.roles)],
    actions: [
      {
        id: 'hotline.receiveCall',
        pack: 'hotline-service-marketing',
        title: 'Take a customer call (客户来电)',
        roles: ['hotlineAgent'],
        schema: callInputSchema,
        run: async (engine, input) => {
          const inst = await receiveCall(engine, input as never);
          return { instanceId: inst.id, message: `Call ${String(input.callId)} taken: the CRM suggestion is on the case.` };
        },
      },
      {
        id: 'hotline.channelOrder',
        pack: 'hotline-service-marketing',
        title: 'Report an order in a self-service channel (渠道办理回传)',
        roles: channelRoles,
        schema: z.strictObject({ callId: z.string().trim().min(1), channel: z.enum(RECOMMENDATION_CHANNELS), orderNo: z.string().trim().min(1).optional() }),
        check: (input, actor) => {
          const lane = CHANNEL_LANE[input.channel as (typeof RECOMMENDATION_CHANNELS)[number]];
          if (lane && !actor.roles.includes(lane)) throw new AccessDeniedError(`Actor '${actor.id}' may not report orders of the ${String(input.channel)} channel.`, `report for a channel you operate [${channelRoles.filter((r) => actor.roles.includes(r)).join(', ')}].`, [lane]);
        },
        run: async (engine, input) => {
          const r = await recordChannelOrder(engine, input as never);
          return { ...(r.instanceId ? { instanceId: r.instanceId } : {}), message: r.credited ? `Order credited to call ${String(input.callId)}.` : `No open ${String(input.channel)} recommendation for call ${String(input.callId)}: not credited.` };
        },
      },
    ],
  };
}

/** The hall's staffing in this demo: how many greeters, counters and kiosks are on duty (engine resource pools). */
export const HALL_STAFFING = { greeters: 2, counters: 2, kiosks: 2, managers: 1 } as const;

/** The packs, the business calendars and the resource pools they need (`createEngine({ calendars, resources })`). */
export function catalog(): { packs: PackEntry[]; calendars: BusinessCalendar[]; resources: Record<string, { capacity: number }> } {
  return { packs: [broadband(), groupOpportunity(), hallWalk(), retentionWinBack.pack(), hotlineMarketing()], calendars: [groupOpportunityCalendar(), ...retentionWinBack.calendars(), hotlineReviewCalendar()], resources: hallResources(HALL_STAFFING) };
}

/** The BPMN file of a pack that defines `processId` (a pack may ship several files). */
export function bpmnOf(pack: PackEntry, processId: string): string | undefined {
  return ([] as string[]).concat(pack.deploy.bpmn).find((xml) => xml.includes(`<bpmn:process id="${processId}"`));
}

/** Process id → its pack, and `processId/elementId` → task schema, after deploy. */
export interface DeployedCatalog {
  packs: readonly PackEntry[];
  processes: ReadonlyMap<string, PackEntry>;
  taskSchemas: ReadonlyMap<string, SchemaLike>;
  actions: ReadonlyMap<string, Action>;
}

/** Deploy every pack; returns the lookups the API uses. */
export async function deployCatalog(engine: Engine, packs: readonly PackEntry[]): Promise<DeployedCatalog> {
  const processes = new Map<string, PackEntry>();
  const taskSchemas = new Map<string, SchemaLike>();
  const actions = new Map<string, Action>();
  for (const p of packs) {
    const deployed = new Set(await engine.deploy(p.deploy));
    // deploy returns the process ids, then the decision ids of a pack's DMN files
    const ids = (await engine.processes.list()).map((v) => v.id).filter((id, i, all) => deployed.has(id) && all.indexOf(id) === i);
    for (const id of ids) {
      processes.set(id, p);
      const model = await engine.processes.model(id);
      for (const [el, schema] of Object.entries(p.deploy.schemas?.tasks ?? {})) if (model.byId.has(el)) taskSchemas.set(`${id}/${el}`, schema);
    }
    for (const a of p.actions) actions.set(a.id, a);
  }
  return { packs, processes, taskSchemas, actions };
}

/**
 * The 10000 pairing report from history: applications by type and outcome (completed,
 * incomplete, stopped on a wrong work number, open), appointments made within their SLA,
 * the steps missing at incomplete visits, and per community manager.
 *
 * @module
 */
import type { Engine, HistoryRecord } from '@handoff/engine';
import { APPLICATION_TYPES, VISIT_STEPS, type ApplicationType, type VisitStep } from './schemas';
import { HOTLINE_PROCESS_ID } from './sla';

/** Outcomes of an application: its end event, or open. */
export const HOTLINE_OUTCOMES = { applicationCompleted: 'completed', applicationIncomplete: 'incomplete', visitStopped: 'stopped' } as const;
export type HotlineOutcome = (typeof HOTLINE_OUTCOMES)[keyof typeof HOTLINE_OUTCOMES] | 'open';

/** Applications per outcome. */
export interface ApplicationCounts {
  applications: number;
  completed: number;
  incomplete: number;
  /** Stopped at the door on a wrong work number. */
  stopped: number;
  open: number;
}

/** The answer of {@link hotlineReport}, over applications taken in `[from, to)`. */
export interface HotlineReport extends ApplicationCounts {
  from: number;
  to: number;
  byType: Record<ApplicationType, ApplicationCounts>;
  byCommunityManager: Record<string, ApplicationCounts>;
  /** Appointments made, and made before the `appointment` clock breached. */
  appointments: { made: number; onTime: number };
  /** Steps missing at the incomplete visits. */
  missingSteps: Record<VisitStep, number>;
}

const zero = (): ApplicationCounts => ({ applications: 0, completed: 0, incomplete: 0, stopped: 0, open: 0 });
type Rec = HistoryRecord & { elementId?: string; slaId?: string };

/** Build the report. */
export async function hotlineReport(engine: Engine, range: { from: number; to: number }): Promise<HotlineReport> {
  const apps = (await engine.instances.list({ processId: HOTLINE_PROCESS_ID })).filter((i) => i.startedAt >= range.from && i.startedAt < range.to);
  const r: HotlineReport = {
    from: range.from,
    to: range.to,
    ...zero(),
    byType: Object.fromEntries(APPLICATION_TYPES.map((t) => [t, zero()])) as Record<ApplicationType, ApplicationCounts>,
    byCommunityManager: {},
    appointments: { made: 0, onTime: 0 },
    missingSteps: Object.fromEntries(VISIT_STEPS.map((s) => [s, 0])) as Record<VisitStep, number>,
  };
  for (const app of apps) {
    const history = (await engine.history(app.id)) as Rec[];
    const end = history.find((e) => e.type === 'activity.entered' && e.elementId! in HOTLINE_OUTCOMES);
    const outcome: HotlineOutcome = end ? HOTLINE_OUTCOMES[end.elementId as keyof typeof HOTLINE_OUTCOMES] : 'open';
    const v = app.variables as { applicationType: ApplicationType; communityManager: string; visit?: { missing?: VisitStep[] } };
    for (const c of [r as ApplicationCounts, r.byType[v.applicationType], (r.byCommunityManager[v.communityManager] ??= zero())]) {
      if (!c) continue;
      c.applications++;
      c[outcome]++;
    }
    if (outcome === 'incomplete') for (const s of v.visit?.missing ?? []) r.missingSteps[s]++;
    if (history.some((e) => e.type === 'task.completed' && e.elementId === 'makeAppointment')) {
      r.appointments.made++;
      if (history.some((e) => e.type === 'sla.met' && e.slaId === 'appointment')) r.appointments.onTime++;
    }
  }
  return r;
}

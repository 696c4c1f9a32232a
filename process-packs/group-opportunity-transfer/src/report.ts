/**
 * The transfer report for a time range, from history: opportunities by contact channel and
 * by sales-service channel, claim timeliness, returns and second transfers, and conversion
 * by stage.
 *
 * @module
 */
import type { Engine } from '@handoff/engine';
import { transferHistory } from './history';
import { STAGES, type Stage } from './schemas';
import { PROCESS_ID } from './sla';

/** The answer of {@link opportunityReport}. Counts cover opportunities captured in `[from, to)`. */
export interface OpportunityReport {
  from: number;
  to: number;
  captured: number;
  leads: number;
  /** Opportunities per contact channel. */
  byContactChannel: Record<string, number>;
  /** Opportunities per first-transfer target (`accountManager`, `socialChannel`, `operationsCenter`), or `none` when the contact channel completed it. */
  bySalesServiceChannel: Record<string, number>;
  /** Completed by the contact channel itself. */
  handledByContactChannel: number;
  dualCoverage: number;
  claims: {
    /** Claims made (a re-dispatched opportunity may be claimed after a return). */
    claimed: number;
    /** Claims made before the claim clock breached. */
    onTime: number;
    /** Unclaimed opportunities returned automatically on the claim SLA. */
    timedOut: number;
    /** Median wall-clock ms from transfer to claim. */
    medianMs?: number;
  };
  returns: number;
  secondTransfers: number;
  /** Closed follow-ups per stage reached, and how many of them were won. */
  conversionByStage: Record<Stage, { closed: number; won: number }>;
}

const inc = (m: Record<string, number>, k: string) => {
  m[k] = (m[k] ?? 0) + 1;
};

/**
 * Build the report from `engine.instances.list` and `engine.history`.
 *
 * @example
 * ```ts
 * const r = await opportunityReport(engine, { from: Date.parse('2026-03-01T00:00:00+08:00'), to: Date.parse('2026-04-01T00:00:00+08:00') });
 * r.byContactChannel.groupHotline; r.claims.timedOut; r.conversionByStage.execution.won;
 * ```
 */
export async function opportunityReport(engine: Engine, range: { from: number; to: number }): Promise<OpportunityReport> {
  const instances = (await engine.instances.list({ processId: PROCESS_ID })).filter((i) => i.startedAt >= range.from && i.startedAt < range.to);
  const r: OpportunityReport = {
    from: range.from,
    to: range.to,
    captured: 0,
    leads: 0,
    byContactChannel: {},
    bySalesServiceChannel: {},
    handledByContactChannel: 0,
    dualCoverage: 0,
    claims: { claimed: 0, onTime: 0, timedOut: 0 },
    returns: 0,
    secondTransfers: 0,
    conversionByStage: Object.fromEntries(STAGES.map((s) => [s, { closed: 0, won: 0 }])) as OpportunityReport['conversionByStage'],
  };
  const durations: number[] = [];
  for (const inst of instances) {
    const v = inst.variables;
    r.captured++;
    if (v.kind === 'lead') r.leads++;
    inc(r.byContactChannel, String(v.contactChannel));
    const routing = (v.routing ?? {}) as { salesServiceChannel?: string | null };
    inc(r.bySalesServiceChannel, routing.salesServiceChannel ?? 'none');
    const history = await engine.history(inst.id);
    const breaches = history.filter((e) => e.type === 'sla.breached' && String((e as { slaId?: string }).slaId).startsWith('claim')).map((e) => e.at);
    let transferredAt: number | undefined;
    for (const e of transferHistory(history)) {
      if (e.event === 'transferred') transferredAt = e.at;
      else if (e.event === 'claimed') {
        r.claims.claimed++;
        if (transferredAt !== undefined) {
          durations.push(e.at - transferredAt);
          const from = transferredAt;
          if (!breaches.some((b) => b >= from && b <= e.at)) r.claims.onTime++;
        }
      } else if (e.event === 'claimTimedOut') r.claims.timedOut++;
      else if (e.event === 'returned') r.returns++;
      else if (e.event === 'dispatched') r.secondTransfers++;
      else if (e.event === 'dualCoverage') r.dualCoverage++;
      else if (e.event === 'handled' && routing.salesServiceChannel == null) r.handledByContactChannel++;
      else if (e.event === 'closed' && (STAGES as readonly string[]).includes(e.stage)) {
        const row = r.conversionByStage[e.stage as Stage];
        row.closed++;
        if (e.won) row.won++;
      }
    }
  }
  if (durations.length) {
    const sorted = durations.sort((a, b) => a - b);
    r.claims.medianMs = sorted[Math.floor((sorted.length - 1) / 2)]!;
  }
  return r;
}

/**
 * The marketing report the source requires (【功能需求2】增加营销统计报表): per agent (工号) or
 * team (班组), by day or by month — business handled (业务办理量) and, for the IVR, SMS hall,
 * app hall and web hall, recommendations made (推荐量) and succeeded (成功量) — plus the
 * marketing share of the calls against the phase target (营销类占总话务量).
 *
 * @module
 */
import { InvalidArgumentError, type Engine } from '@handoff/engine';
import { CHANNEL_NAMES, MARKETING_TYPES, RECOMMENDATION_CHANNELS, type MarketingType, type RecommendationChannel } from './channels';
import { callRecord, type CallRecord } from './history';
import { MARKETING_TARGETS, PHASES, PROCESS_ID, type Phase } from './sla';

/** The marketing share of calls against a phase target. */
export interface MarketingShare {
  calls: number;
  marketingCalls: number;
  /** marketingCalls / calls (0 without calls). */
  share: number;
  phase: Phase;
  /** The phase's target share, or null (phase 1 has none). */
  target: number | null;
  /** share ≥ target ("reach 18%": exactly 18% meets it; no calls never meets it); null without a target. */
  met: boolean | null;
}

/**
 * The share of marketing calls and whether it reaches the phase's target (18% in phase 2,
 * 20% in phase 3). Exactly the target meets it; the comparison is on whole counts
 * (`marketingCalls × 100 ≥ target% × calls`), so 18 of 100 meets 18% exactly.
 *
 * @throws InvalidArgumentError for a phase other than 1, 2, 3 or counts that are not whole numbers with marketingCalls ≤ calls.
 */
export function marketingShare(calls: number, marketingCalls: number, phase: Phase): MarketingShare {
  if (!(PHASES as readonly number[]).includes(phase)) throw new InvalidArgumentError('phase', `expected 1, 2 or 3, got ${JSON.stringify(phase)}`, 'pass the phase of the plan: 2 (target 18%) or 3 (target 20%); 1 has no target.');
  if (!Number.isInteger(calls) || !Number.isInteger(marketingCalls) || calls < 0 || marketingCalls < 0 || marketingCalls > calls) throw new InvalidArgumentError('calls', `expected whole counts with 0 ≤ marketingCalls ≤ calls, got ${marketingCalls} of ${calls}`, 'count calls and marketing calls over the same period.');
  const target = MARKETING_TARGETS[phase];
  const percent = target === null ? null : Math.round(target * 100);
  return { calls, marketingCalls, share: calls ? marketingCalls / calls : 0, phase, target, met: percent === null ? null : calls > 0 && marketingCalls * 100 >= percent * calls };
}

/** Counts per recommendation channel. */
export type ChannelCounts = Record<RecommendationChannel, number>;

/** One line of the report: a period and an agent (or team). */
export interface MarketingReportRow {
  /** `YYYY-MM-DD` (by day) or `YYYY-MM` (by month), local time. */
  period: string;
  /** Agent id (工号) or team (班组). */
  key: string;
  calls: number;
  marketingCalls: number;
  share: number;
  byType: Record<MarketingType, number>;
  /** Offers the customer accepted. */
  accepted: number;
  /** 业务办理量: business the agent completed or booked on the call. */
  businessHandled: number;
  /** 推荐量 per channel: accepted offers the routing table sent to the IVR, SMS, app or web hall. */
  recommended: ChannelCounts;
  /** 成功量 per channel: of those, the orders the channel reported. */
  succeeded: ChannelCounts;
  /** 推荐成功量: the agent's own recommendations (cross-selling, precision, active marketing) that ended in an order — completed or booked on the call, or ordered in the recommended channel. A customer's own purchase request (service marketing) counts in business handled and the channels, not here. */
  successful: number;
  /** Recommendations still inside their window. */
  pending: number;
  /** Capability requirements raised (no channel could complete the business). */
  requirements: number;
}

/** Options of {@link marketingReport}. */
export interface MarketingReportOptions {
  /** Calls started in `[from, to)` (epoch ms). */
  from: number;
  to: number;
  /** Default `day`. */
  by?: 'day' | 'month';
  /** Default `agent`; `team` needs `teams`. */
  per?: 'agent' | 'team';
  /** Agent id → team (班组); agents not listed are reported under `(no team)`. */
  teams?: Readonly<Record<string, string>>;
  /** Default 2 (target 18%). */
  phase?: Phase;
  /** IANA zone of the periods; default `Asia/Shanghai`. */
  zone?: string;
}

/** The answer of {@link marketingReport}. */
export interface MarketingReport {
  from: number;
  to: number;
  by: 'day' | 'month';
  per: 'agent' | 'team';
  zone: string;
  /** Rows sorted by period, then key. */
  rows: MarketingReportRow[];
  /** One row per period (key `*`). */
  periods: MarketingReportRow[];
  /** All calls of the range (period and key `*`). */
  total: MarketingReportRow;
  /** The total's share against the phase target. */
  target: MarketingShare;
  /** Calls in the range no agent has handled yet (not in the rows). */
  unanswered: number;
}

/** The team of agents missing from `teams`. */
export const NO_TEAM = '(no team)';

const zeroChannels = (): ChannelCounts => ({ ivr: 0, sms: 0, app: 0, web: 0 });

function emptyRow(period: string, key: string): MarketingReportRow {
  return { period, key, calls: 0, marketingCalls: 0, share: 0, byType: { service: 0, crossSell: 0, precision: 0, active: 0 }, accepted: 0, businessHandled: 0, recommended: zeroChannels(), succeeded: zeroChannels(), successful: 0, pending: 0, requirements: 0 };
}

function add(row: MarketingReportRow, c: CallRecord): void {
  row.calls++;
  if (c.marketingType && c.marketingType !== 'none') {
    row.marketingCalls++;
    row.byType[c.marketingType]++;
  }
  if (c.accepted) row.accepted++;
  if (c.channel === 'hotline' && (c.hotlineResult === 'ordered' || c.hotlineResult === 'booked')) {
    row.businessHandled++;
    if (c.marketingType !== 'service') row.successful++;
  }
  if (c.channel && (RECOMMENDATION_CHANNELS as readonly string[]).includes(c.channel)) {
    const ch = c.channel as RecommendationChannel;
    row.recommended[ch]++;
    if (c.succeeded === true) {
      row.succeeded[ch]++;
      if (c.marketingType !== 'service') row.successful++;
    }
    else if (c.succeeded === undefined) row.pending++;
  }
  if (c.requirement) row.requirements++;
  row.share = row.marketingCalls / row.calls;
}

/**
 * Aggregate call records into the report (the pure part of {@link marketingReport}).
 *
 * @throws InvalidArgumentError for `per: 'team'` without `teams`, an unknown `by` / `per`, or a bad range.
 */
export function aggregateCalls(calls: readonly CallRecord[], options: MarketingReportOptions): MarketingReport {
  const by = options.by ?? 'day';
  const per = options.per ?? 'agent';
  const zone = options.zone ?? 'Asia/Shanghai';
  if (by !== 'day' && by !== 'month') throw new InvalidArgumentError('by', `expected 'day' or 'month', got ${JSON.stringify(by)}`, "report by: 'day' or by: 'month'.");
  if (per !== 'agent' && per !== 'team') throw new InvalidArgumentError('per', `expected 'agent' or 'team', got ${JSON.stringify(per)}`, "report per: 'agent' (工号) or per: 'team' (班组).");
  if (per === 'team' && !options.teams) throw new InvalidArgumentError('teams', 'a report per team needs the roster (agent id → team)', "pass teams: { 'A01': '一班', … }, or report per agent.");
  if (!Number.isFinite(options.from) || !Number.isFinite(options.to) || options.to <= options.from) throw new InvalidArgumentError('to', `expected from < to (epoch ms), got ${options.from} .. ${options.to}`, 'give the range of call starts as epoch ms, from before to.');
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const periodOf = (t: number) => (by === 'day' ? date.format(t) : date.format(t).slice(0, 7));
  const rows = new Map<string, MarketingReportRow>();
  const periods = new Map<string, MarketingReportRow>();
  const total = emptyRow('*', '*');
  let unanswered = 0;
  for (const c of calls) {
    if (c.startedAt < options.from || c.startedAt >= options.to) continue;
    if (c.agent === undefined) {
      unanswered++;
      continue;
    }
    const period = periodOf(c.startedAt);
    const key = per === 'agent' ? c.agent : (options.teams![c.agent] ?? NO_TEAM);
    const id = `${period}\u0000${key}`;
    let row = rows.get(id);
    if (!row) rows.set(id, (row = emptyRow(period, key)));
    let p = periods.get(period);
    if (!p) periods.set(period, (p = emptyRow(period, '*')));
    add(row, c);
    add(p, c);
    add(total, c);
  }
  const sorted = [...rows.values()].sort((a, b) => a.period.localeCompare(b.period) || a.key.localeCompare(b.key));
  return {
    from: options.from,
    to: options.to,
    by,
    per,
    zone,
    rows: sorted,
    periods: [...periods.values()].sort((a, b) => a.period.localeCompare(b.period)),
    total,
    target: marketingShare(total.calls, total.marketingCalls, options.phase ?? 2),
    unanswered,
  };
}

/**
 * The report from `engine.instances.list` and `engine.history`, over the calls started in
 * `[from, to)`.
 *
 * @example
 * ```ts
 * const r = await marketingReport(engine, { from: Date.parse('2012-10-01T00:00:00+08:00'), to: Date.parse('2012-11-01T00:00:00+08:00'), by: 'month', phase: 2 });
 * r.target.share; r.target.met; r.rows[0].recommended.sms; r.rows[0].succeeded.sms;
 * ```
 */
export async function marketingReport(engine: Engine, options: MarketingReportOptions): Promise<MarketingReport> {
  const instances = (await engine.instances.list({ processId: PROCESS_ID })).filter((i) => i.startedAt >= options.from && i.startedAt < options.to);
  const calls: CallRecord[] = [];
  for (const inst of instances) calls.push(callRecord(inst.id, await engine.history(inst.id)));
  return aggregateCalls(calls, options);
}

/** The report's columns: head (Chinese, as the source names the fields) and value. */
export const REPORT_COLUMNS: readonly { head: string; value: (r: MarketingReportRow) => string | number }[] = [
  { head: '日期', value: (r) => r.period },
  { head: '工号/班组', value: (r) => r.key },
  { head: '话务量', value: (r) => r.calls },
  { head: '营销量', value: (r) => r.marketingCalls },
  { head: '营销占比', value: (r) => `${(r.share * 100).toFixed(1)}%` },
  { head: '业务办理量', value: (r) => r.businessHandled },
  { head: '推荐成功量', value: (r) => r.successful },
  ...RECOMMENDATION_CHANNELS.flatMap((c) => [
    { head: `${CHANNEL_NAMES[c]}推荐量`, value: (r: MarketingReportRow) => r.recommended[c] },
    { head: `${CHANNEL_NAMES[c]}成功量`, value: (r: MarketingReportRow) => r.succeeded[c] },
  ]),
];

/** The report as a table: column heads and one row of cells per report row (periods' totals and the grand total last). */
export function marketingReportTable(r: MarketingReport): { head: string[]; rows: (string | number)[][] } {
  return { head: REPORT_COLUMNS.map((c) => c.head), rows: [...r.rows, ...r.periods, r.total].map((row) => REPORT_COLUMNS.map((c) => c.value(row))) };
}

/** Terminal columns of a text: CJK characters take two. */
const displayWidth = (s: string) => [...s].reduce((w, ch) => w + (ch.codePointAt(0)! > 0x2e7f ? 2 : 1), 0);

const pct = (x: number | null) => (x === null ? '-' : `${(x * 100).toFixed(1)}%`);

/** Terminal lines: the share against the target, the marketing types, then the table. */
export function formatMarketingReport(r: MarketingReport, options: { maxRows?: number } = {}): string[] {
  const t = r.target;
  const types = MARKETING_TYPES.map((k) => `${k} ${r.total.byType[k]}`).join(', ');
  const table = marketingReportTable(r);
  const limit = options.maxRows ?? Number.POSITIVE_INFINITY;
  const body = table.rows.length > limit ? [...table.rows.slice(0, limit), ...table.rows.slice(-1)] : table.rows;
  const widths = table.head.map((h, i) => Math.max(displayWidth(h), ...body.map((row) => displayWidth(String(row[i])))));
  const line = (cells: readonly (string | number)[]) => cells.map((c, i) => ' '.repeat(widths[i]! - displayWidth(String(c))) + String(c)).join('  ');
  return [
    `marketing calls ${t.marketingCalls} of ${t.calls} (${pct(t.share)}) — phase ${t.phase} target ${pct(t.target)}: ${t.met === null ? 'no target' : t.met ? 'met' : 'not met'}; unanswered ${r.unanswered}`,
    `by type: ${types}; accepted ${r.total.accepted}; business handled ${r.total.businessHandled}; recommended ${RECOMMENDATION_CHANNELS.map((c) => `${c} ${r.total.succeeded[c]}/${r.total.recommended[c]}`).join(', ')} (succeeded/recommended); pending ${r.total.pending}; capability requirements ${r.total.requirements}`,
    `report by ${r.by}, per ${r.per}${table.rows.length > limit ? ` (first ${limit} rows and the total of ${table.rows.length})` : ''}:`,
    line(table.head),
    ...body.map((row) => line(row)),
  ];
}

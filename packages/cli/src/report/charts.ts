/**
 * Inline SVG charts for the HTML report: a histogram of elapsed working time of an SLA's
 * closed clocks, with the limit drawn as a line and the bars past it in red.
 *
 * @module
 */
import type { ClockSample } from './collect';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A histogram's bins: `[from, to)` working ms and the count of clocks in each. */
export interface Histogram {
  binMs: number;
  counts: number[];
  limit: number;
  /** Closed clocks counted (stopped early ones are left out: they measure nothing). */
  total: number;
  over: number;
}

/** Bin the elapsed times of closed clocks; the axis runs to 1.5 × limit or the maximum, whichever is larger. */
export function histogram(samples: readonly ClockSample[], bins = 30): Histogram {
  const closed = samples.filter((s) => s.elapsed !== undefined && !s.stoppedEarly);
  const limit = samples[0]?.limit ?? 0;
  const max = Math.max(limit * 1.5, ...closed.map((s) => s.elapsed!), 1);
  const binMs = max / bins;
  const counts = Array.from({ length: bins }, () => 0);
  for (const s of closed) counts[Math.min(bins - 1, Math.floor(s.elapsed! / binMs))]!++;
  return { binMs, counts, limit, total: closed.length, over: closed.filter((s) => s.elapsed! > limit).length };
}

/** Hours as text for an axis label. */
function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 10 ? `${Math.round(h)} h` : h >= 1 ? `${h.toFixed(1)} h` : `${Math.round(h * 60)} min`;
}

/**
 * An SVG histogram of one SLA: bars within the limit in blue, past it in red, the limit as a
 * dashed line. `data-sla` names the SLA (tests and styling find it by that).
 */
export function histogramSvg(slaId: string, samples: readonly ClockSample[]): string {
  const h = histogram(samples);
  const W = 420;
  const H = 150;
  const pad = { l: 34, r: 8, t: 18, b: 26 };
  const plotW = W - pad.l - pad.r;
  const plotH = H - pad.t - pad.b;
  const top = Math.max(1, ...h.counts);
  const bw = plotW / h.counts.length;
  const axisMax = h.binMs * h.counts.length;
  const x = (ms: number) => pad.l + (ms / axisMax) * plotW;
  const bars = h.counts
    .map((c, i) => {
      if (!c) return '';
      const bh = (c / top) * plotH;
      const past = (i + 0.5) * h.binMs > h.limit;
      return `<rect class="${past ? 'over' : 'within'}" x="${(pad.l + i * bw + 0.5).toFixed(1)}" y="${(pad.t + plotH - bh).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${bh.toFixed(1)}" fill="${past ? '#d9534f' : '#4a90d9'}"><title>${hours(i * h.binMs)}–${hours((i + 1) * h.binMs)}: ${c}</title></rect>`;
    })
    .join('');
  const lx = x(h.limit).toFixed(1);
  return [
    `<svg class="histogram" data-sla="${esc(slaId)}" data-total="${h.total}" data-over="${h.over}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(slaId)}: elapsed working time of ${h.total} closed clocks against the limit ${hours(h.limit)}">`,
    `<text x="${pad.l}" y="12" font-size="11" font-weight="bold">${esc(slaId)}</text><text x="${W - pad.r}" y="12" font-size="10" text-anchor="end">${h.total} closed · ${h.over} over the limit</text>`,
    `<line x1="${pad.l}" y1="${pad.t + plotH}" x2="${W - pad.r}" y2="${pad.t + plotH}" stroke="#888"/>`,
    `<text x="${pad.l - 4}" y="${pad.t + 8}" font-size="9" text-anchor="end">${top}</text><text x="${pad.l - 4}" y="${pad.t + plotH}" font-size="9" text-anchor="end">0</text>`,
    bars,
    `<line class="limit" x1="${lx}" y1="${pad.t - 2}" x2="${lx}" y2="${pad.t + plotH}" stroke="#b00" stroke-dasharray="4 3" stroke-width="1.5"/>`,
    `<text x="${lx}" y="${H - 14}" font-size="9" text-anchor="middle" fill="#b00">limit ${hours(h.limit)}</text>`,
    `<text x="${pad.l}" y="${H - 2}" font-size="9">0</text><text x="${W - pad.r}" y="${H - 2}" font-size="9" text-anchor="end">${hours(axisMax)} working time</text>`,
    '</svg>',
  ].join('');
}

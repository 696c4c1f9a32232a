/**
 * The self-contained HTML report: for each pack and process, the diagram drawn by bpmn-js
 * (its navigated viewer, inlined — no network needed) with every task that carries an SLA
 * coloured by its breach rate, the SLA tables, histograms of elapsed working time against the
 * limits (inline SVG), and the pack's KPIs.
 *
 * In the page, each coloured task's shape gets `data-breach-rate` and a fill from green (no
 * breach) through yellow to red (25 % or more); an overlay shows the rate.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { SlaReport, SlaReportRow } from '@handoff/engine';
import { histogramSvg } from './charts';
import type { PackTable } from '../packs/types';
import type { PackReport } from './collect';

const require = createRequire(import.meta.url);

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON that is safe inside a `<script>` element. */
const scriptJson = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

/** The fill for a breach rate: hue 120 (green) at 0 down to 0 (red) at 25 % and above. */
export function breachColour(rate: number): string {
  const r = Math.min(1, Math.max(0, rate / 0.25));
  return `hsl(${Math.round(120 * (1 - r))}, 70%, 72%)`;
}

/** Per task (element id): clocks, breaches and the breach rate, from the by-task SLA report. */
export function taskBreachRates(byTask: SlaReport): Record<string, { count: number; breached: number; rate: number }> {
  const out: Record<string, { count: number; breached: number; rate: number }> = {};
  for (const r of byTask.rows) if (r.count && !r.key.startsWith('(')) out[r.key] = { count: r.count, breached: r.breached, rate: r.breached / r.count };
  return out;
}

function dur(ms: number | null): string {
  return ms === null ? '-' : `${Math.floor(ms / 3_600_000)}:${String(Math.floor((ms % 3_600_000) / 60_000)).padStart(2, '0')}`;
}

function slaTable(r: SlaReport, caption: string): string {
  const row = (x: SlaReportRow, tag = 'td') =>
    `<tr><${tag} class="key">${esc(x.key)}</${tag}>${[x.count, x.met, x.breached, x.open, x.openAtRisk].map((n) => `<td>${n}</td>`).join('')}<td>${x.onTimeRate === null ? '-' : `${(x.onTimeRate * 100).toFixed(1)}%`}</td>${[x.p50, x.p90, x.p95, x.max].map((n) => `<td>${dur(n)}</td>`).join('')}</tr>`;
  return `<table class="sla"><caption>${esc(caption)}</caption><thead><tr><th>${esc(r.groupBy)}</th><th>count</th><th>met</th><th>breached</th><th>open</th><th>at risk</th><th>on time</th><th>p50</th><th>p90</th><th>p95</th><th>max</th></tr></thead><tbody>${r.rows.map((x) => row(x)).join('')}</tbody><tfoot>${row(r.total, 'th')}</tfoot></table>`;
}

/** A pack's own table (`kpis.tables`). */
function packTable(t: PackTable): string {
  const cell = (v: string | number, tag: string) => `<${tag}${typeof v === 'number' ? '' : ' class="key"'}>${esc(String(v))}</${tag}>`;
  return `<table class="sla pack-table"><caption>${esc(t.caption)}</caption><thead><tr>${t.head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows.map((row) => `<tr>${row.map((v) => cell(v, 'td')).join('')}</tr>`).join('')}</tbody></table>`;
}

function section(r: PackReport, index: number): { html: string; diagrams: { container: string; xml: string; rates: ReturnType<typeof taskBreachRates> }[] } {
  const diagrams: { container: string; xml: string; rates: ReturnType<typeof taskBreachRates> }[] = [];
  const s = r.summary;
  const parts = [`<section class="pack" id="pack-${index}" data-pack="${esc(r.pack)}"><h2>${esc(r.pack)}${r.scenario ? ` — ${esc(r.scenario)}` : ''}</h2><p class="title">${esc(r.title)}</p>`];
  if (s) parts.push(`<p class="summary">${s.casesStarted.toLocaleString('en-US')} cases, ${s.days} days from ${esc(s.start.slice(0, 10))} (+${s.drainDays} drain), seed ${s.seed}; outcomes: ${esc(Object.entries(s.outcomes).map(([k, v]) => `${k} ${v}`).join(', '))}</p>`);
  r.processes.forEach((p, j) => {
    const container = `diagram-${index}-${j}`;
    const rates = taskBreachRates(p.byTask);
    diagrams.push({ container, xml: p.bpmn, rates });
    const bySla = new Map<string, typeof p.clocks>();
    for (const c of p.clocks) {
      let list = bySla.get(c.slaId);
      if (!list) bySla.set(c.slaId, (list = []));
      list.push(c);
    }
    parts.push(
      `<h3>${esc(p.processId)}</h3>`,
      `<div class="diagram" id="${container}" data-process="${esc(p.processId)}"></div>`,
      '<p class="legend">Tasks with an SLA are coloured by breach rate: <span style="background:' + breachColour(0) + '">0 %</span> <span style="background:' + breachColour(0.1) + '">10 %</span> <span style="background:' + breachColour(0.25) + '">≥ 25 %</span></p>',
      slaTable(p.bySla, 'SLA by clock (working h:mm)'),
      slaTable(p.byTask, 'SLA by task'),
      `<div class="charts">${[...bySla.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([id, list]) => histogramSvg(id, list)).join('')}</div>`,
    );
  });
  parts.push(`<h3>${esc(r.kpis.title)}</h3><ul class="kpis">${r.kpis.lines.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  for (const t of r.kpis.tables ?? []) parts.push(packTable(t));
  parts.push('</section>');
  return { html: parts.join('\n'), diagrams };
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#222;max-width:1400px}
h1{margin:0 0 4px}h2{border-bottom:2px solid #ddd;padding-bottom:4px;margin-top:36px}
.diagram{height:560px;border:1px solid #ccc;margin:8px 0;background:#fff}
table.sla{border-collapse:collapse;margin:12px 0;font-size:12px}table.sla caption{text-align:left;font-weight:bold;padding:4px 0}
table.sla td,table.sla th{border:1px solid #ddd;padding:2px 8px;text-align:right}table.sla .key{text-align:left}
.charts{display:flex;flex-wrap:wrap;gap:12px}.histogram{border:1px solid #eee;background:#fafafa}
.legend span{padding:0 6px;border:1px solid #aaa}.breach-badge{background:#fff;border:1px solid #888;border-radius:3px;padding:0 3px;font-size:11px;white-space:nowrap}
.error{color:#b00;font-weight:bold}`;

/** The page script: draw each diagram, colour the tasks, add rate badges. Runs in the browser. */
const SCRIPT = `
(async function () {
  var data = JSON.parse(document.getElementById('handoff-data').textContent);
  var done = 0;
  for (var i = 0; i < data.diagrams.length; i++) {
    var d = data.diagrams[i];
    var el = document.getElementById(d.container);
    try {
      var viewer = new BpmnJS({ container: el });
      await viewer.importXML(d.xml);
      var canvas = viewer.get('canvas'), registry = viewer.get('elementRegistry'), overlays = viewer.get('overlays');
      canvas.zoom('fit-viewport', 'auto');
      Object.keys(d.rates).forEach(function (id) {
        var gfx = registry.getGraphics(id);
        if (!gfx) return;
        var s = d.rates[id];
        var shape = gfx.querySelector('.djs-visual > rect, .djs-visual > circle, .djs-visual > polygon');
        if (shape) shape.style.fill = d.colours[id];
        gfx.setAttribute('data-breach-rate', s.rate.toFixed(4));
        overlays.add(id, { position: { bottom: 12, right: 4 }, html: '<span class="breach-badge" title="' + s.breached + ' of ' + s.count + ' clocks breached">' + (s.rate * 100).toFixed(1) + '%</span>' });
      });
      el.setAttribute('data-rendered', 'true');
    } catch (err) {
      el.innerHTML = '<p class="error">The diagram could not be drawn: ' + String(err && err.message || err).replace(/</g, '&lt;') + '</p>';
      el.setAttribute('data-rendered', 'error');
    }
    done++;
  }
  document.body.setAttribute('data-diagrams-rendered', String(done));
})();`;

/**
 * The HTML report for one or more pack reports: one file, no external resources.
 *
 * @example
 * ```ts
 * writeFileSync('report.html', renderHtmlReport([await runPackSimulation(findPack('group-opportunity-transfer'), { seed: 1 })]));
 * ```
 */
export function renderHtmlReport(reports: readonly PackReport[], options: { title?: string } = {}): string {
  const viewer = readFileSync(require.resolve('bpmn-js/dist/bpmn-navigated-viewer.production.min.js'), 'utf8');
  const css = ['bpmn-js/dist/assets/diagram-js.css', 'bpmn-js/dist/assets/bpmn-js.css'].map((p) => readFileSync(require.resolve(p), 'utf8')).join('\n');
  const sections = reports.map((r, i) => section(r, i));
  const diagrams = sections.flatMap((s) => s.diagrams).map((d) => ({ ...d, colours: Object.fromEntries(Object.entries(d.rates).map(([id, s]) => [id, breachColour(s.rate)])) }));
  const title = options.title ?? `Handoff SLA report — ${reports.map((r) => r.pack + (r.scenario ? ` (${r.scenario})` : '')).join(', ')}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>${css}</style><style>${STYLE}</style></head>
<body>
<h1>${esc(title)}</h1>
<p>Elapsed and limits are working time on each SLA's calendar. Generated by <code>handoff</code>; diagrams drawn by bpmn-js in this page.</p>
${sections.map((s) => s.html).join('\n')}
<script id="handoff-data" type="application/json">${scriptJson({ diagrams })}</script>
<script>${viewer.replace(/<\/script/gi, '<\\/script')}</script>
<script>${SCRIPT}</script>
</body></html>
`;
}

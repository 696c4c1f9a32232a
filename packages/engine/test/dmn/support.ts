/** DMN test support: fixtures from test/dmn/fixtures, and small DMN tables written inline. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Read a fixture file from test/dmn/fixtures. */
export function dmnFixture(name: string): string {
  return readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
}

/** Escape text for XML element content. */
function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** One column of {@link table}. */
export interface Column {
  expr?: string;
  name?: string;
  label?: string;
  values?: string;
}

/**
 * A DMN 1.3 file with one decision table `id`: `inputs` and `outputs` columns, `rules` as
 * rows of input entries then output entries (strings are FEEL text).
 */
export function table(id: string, opts: { hitPolicy?: string; aggregation?: string; inputs: Column[]; outputs: Column[]; rules: string[][]; extra?: string; variable?: string }): string {
  const ins = opts.inputs
    .map((c, i) => `<input id="${id}_in${i}"${c.label ? ` label="${esc(c.label)}"` : ''}><inputExpression id="${id}_ie${i}"><text>${esc(c.expr ?? '')}</text></inputExpression>${c.values ? `<inputValues id="${id}_iv${i}"><text>${esc(c.values)}</text></inputValues>` : ''}</input>`)
    .join('');
  const outs = opts.outputs.map((c, i) => `<output id="${id}_out${i}"${c.name ? ` name="${c.name}"` : ''}>${c.values ? `<outputValues id="${id}_ov${i}"><text>${esc(c.values)}</text></outputValues>` : ''}</output>`).join('');
  const rules = opts.rules
    .map((r, k) => {
      const cells = r.map((t, i) => (i < opts.inputs.length ? `<inputEntry id="${id}_r${k}_${i}"><text>${esc(t)}</text></inputEntry>` : `<outputEntry id="${id}_r${k}_${i}"><text>${esc(t)}</text></outputEntry>`));
      return `<rule id="${id}_r${k}">${cells.join('')}</rule>`;
    })
    .join('\n      ');
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs_${id}" name="${id}" namespace="http://example.com/dmn">
  <decision id="${id}" name="${id}">${opts.variable ? `<variable id="${id}_var" name="${opts.variable}" />` : ''}
    <decisionTable id="${id}_table"${opts.hitPolicy ? ` hitPolicy="${opts.hitPolicy}"` : ''}${opts.aggregation ? ` aggregation="${opts.aggregation}"` : ''}>
      ${ins}
      ${outs}
      ${rules}
    </decisionTable>
  </decision>${opts.extra ?? ''}
</definitions>
`;
}

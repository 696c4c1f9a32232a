#!/usr/bin/env node
/**
 * `handoff-render <file.bpmn> [out-basename]`: writes `<out>.svg` and `<out>.png` next to
 * the file (or at the given basename). Fails on bpmn-js import warnings.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { renderBpmn } from './render';

const [file, out] = process.argv.slice(2);
if (!file) {
  console.error('usage: handoff-render <file.bpmn> [out-basename]');
  process.exit(2);
}
// No top-level await: the same file also builds as CommonJS.
async function run(file: string): Promise<void> {
  const base = out ?? file.replace(/\.bpmn$/, '');
  const { svg, png, warnings } = await renderBpmn(readFileSync(file, 'utf8'));
  if (warnings.length) {
    console.error(`bpmn-js reported ${warnings.length} warning(s) for ${file}:\n  ${warnings.join('\n  ')}`);
    process.exit(1);
  }
  writeFileSync(`${base}.svg`, svg);
  writeFileSync(`${base}.png`, png);
  console.log(`wrote ${base}.svg and ${base}.png`);
}

void run(file);

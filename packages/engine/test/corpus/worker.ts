/**
 * Child process of `runCorpus`: classifies the corpus files named on stdin (one manifest
 * `file` a line) and writes on stdout, as JSON lines, `{ deployed }` when a file has
 * deployed (before its smoke run) and `{ file, outcome, ms }` when it is done.
 */
import { createInterface } from 'node:readline';
import { classifyFile } from './classify';
import { loadManifest, readCorpusFile } from './manifest';

const byFile = new Map(loadManifest().map((e) => [e.file, e]));
const lines = createInterface({ input: process.stdin });
const queue: string[] = [];
let done = false;
lines.on('line', (l) => l && queue.push(l));
lines.on('close', () => (done = true));

async function main(): Promise<void> {
  for (;;) {
    const file = queue.shift();
    if (file === undefined) {
      if (done) break;
      await new Promise((r) => setTimeout(r, 5));
      continue;
    }
    const entry = byFile.get(file);
    const deployed = () => process.stdout.write(`${JSON.stringify({ deployed: file })}\n`);
    const t0 = performance.now();
    const outcome = entry ? await classifyFile(readCorpusFile(entry), file, deployed) : { deploy: { kind: 'crashed', error: `not in the manifest: ${file}` } };
    process.stdout.write(`${JSON.stringify({ file, outcome, ms: Math.round(performance.now() - t0) })}\n`);
  }
}

void main().then(() => process.exit(0));

/**
 * Runs the whole corpus in child processes, so a file that hangs the engine (a loop without
 * a wait state blocks the event loop) or kills it cannot hang the caller: each file has a
 * time bound; past it the child is killed, the file is recorded as `hung`, and a new child
 * takes the remaining files. A child's heap is capped (1 GB), so a runaway file dies early
 * instead of taking the machine's memory.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { FileOutcome } from './classify';
import { CORPUS_DIR } from './manifest';

/** A file whose deploy did not end in time is `hung` at deploy; one whose smoke run did not, has run `hung`. */
export type CorpusOutcome = FileOutcome | { deploy: { kind: 'hung'; error: string } } | { deploy: { kind: 'deployed'; processIds: string[] }; run: { kind: 'hung'; error: string } };

export interface RunOptions {
  /** Time bound per file (deploy and smoke run), ms, or a function of the file. Default 15 s. */
  fileTimeoutMs?: number | ((file: string) => number);
  /** Child processes working side by side. Default 2. */
  children?: number;
  /** Filled with each finished file's time in ms (deploy and smoke run), when given. */
  durations?: Map<string, number>;
}

const hung = (deployed: boolean, error: string): CorpusOutcome =>
  deployed ? { deploy: { kind: 'deployed', processIds: [] }, run: { kind: 'hung', error } } : { deploy: { kind: 'hung', error } };

const REPO_ROOT = join(CORPUS_DIR, '../../../..');

/** Classifies every file; resolves with outcomes by manifest `file`. */
export async function runCorpus(files: readonly string[], options: RunOptions = {}): Promise<Map<string, CorpusOutcome>> {
  const bound = options.fileTimeoutMs ?? 15_000;
  const timeoutOf = typeof bound === 'number' ? () => bound : bound;
  const results = new Map<string, CorpusOutcome>();
  const pending = [...files];
  const runChild = (): Promise<void> =>
    new Promise((resolve) => {
      if (!pending.length) return resolve();
      const child = spawn(process.execPath, ['--max-old-space-size=1024', '--import', 'tsx', join(CORPUS_DIR, 'worker.ts')], { cwd: REPO_ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
      let current: string | undefined;
      let deployed = false;
      let timer: NodeJS.Timeout | undefined;
      let stderr = '';
      const arm = (timeout: number) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (current) results.set(current, hung(deployed, `no result within ${timeout} ms`));
          current = undefined;
          child.kill('SIGKILL');
        }, timeout);
      };
      // Hand the child one file at a time, so a killed child loses only the file it was on.
      const feed = () => {
        const next = pending.shift();
        current = next;
        deployed = false;
        if (next === undefined) return child.stdin.end();
        arm(timeoutOf(next));
        child.stdin.write(`${next}\n`);
      };
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
      createInterface({ input: child.stdout }).on('line', (line) => {
        let msg: { file?: string; outcome?: FileOutcome; deployed?: string; ms?: number };
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          return;
        }
        if (msg.deployed && msg.deployed === current) deployed = true;
        else if (msg.file && msg.outcome) {
          results.set(msg.file, msg.outcome);
          options.durations?.set(msg.file, msg.ms ?? 0);
          current = undefined;
          clearTimeout(timer);
          feed();
        }
      });
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        if (current) results.set(current, hung(deployed, `the process died (${signal ?? code}) on it: ${stderr.trim().split('\n').pop() ?? ''}`));
        resolve(runChild());
      });
      feed();
    });
  await Promise.all(Array.from({ length: options.children ?? 2 }, runChild));
  return results;
}

/**
 * The multi-node test's process and inputs, shared by the node processes
 * (multinodeChild.ts) and the test (cluster.multinode.test.ts).
 */
import { readFileSync } from 'node:fs';
import { rng } from './crashWorkload';

/** start → timer (=waitFor) → service task `work` → approval (user task) when `needsApproval` → end. */
export const MULTINODE_BPMN = readFileSync(new URL('./fixtures/multinode.bpmn', import.meta.url), 'utf8');

/** Instance i of node `prefix`: its timer, 200–3,000 ms, from the seed. */
export function waitMsOf(seed: number, prefix: string, i: number): number {
  const salt = [...prefix].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 0x01000193), 0x811c9dc5);
  return rng((seed ^ salt ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0).int(200, 3_000);
}

/**
 * How a deploy problem reads in a lint report.
 *
 * @module
 */
import type { DeployProblem } from '@handoff/engine';

/** One report line: the engine's message, its code in brackets, and its hint (how to fix it). */
export function formatProblem(p: DeployProblem): string {
  return `${p.message.replace(/\.$/, '')} [${p.code}]; ${p.hint.replace(/\.$/, '')}`;
}

/**
 * Collecting deploy problems while compiling: every problem is kept, none stops the scan.
 *
 * @module
 */
import type { DeployProblem } from '../errors';
import type { ModdleElement } from './parse';

/** Accumulates problems with element id, type and line filled in. */
export class ProblemList {
  readonly items: DeployProblem[] = [];
  /** Deploy warnings: things that run, but differently from what a reader may expect (see `warn`). */
  readonly warnings: DeployProblem[] = [];
  constructor(readonly lineOf: (id: string | undefined) => number | undefined) {}

  /** Record a problem about `el` (or the file when `el` is undefined). */
  add(code: string, el: ModdleElement | undefined, message: string, hint: string): void {
    const line = this.lineOf(el?.id);
    this.items.push({
      code,
      ...(el?.id ? { elementId: el.id } : {}),
      ...(el ? { elementType: el.$type } : {}),
      ...(line ? { line } : {}),
      message,
      hint,
    });
  }

  /** Record a deploy warning about `el`: it deploys, and `strict` deploys refuse it. */
  warn(code: string, el: ModdleElement | undefined, message: string, hint: string): void {
    const before = this.items.length;
    this.add(code, el, message, hint);
    this.warnings.push(...this.items.splice(before));
  }
}

/**
 * Engine limits: how deep and how large the variables of one command may be, and how large
 * an instance's variables may grow. Configured with `createEngine({ limits })`; every value
 * is checked here, once, when the engine is created. See docs/security.md ("Engine limits")
 * and decision 0014.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';

/** The limits the engine enforces: the step budget, and variables. All sizes are UTF-8 bytes of the value's JSON text. */
export interface EngineLimits {
  /**
   * The step budget: how many activities one command may enter; past it, the token stops
   * with a `STEP_LIMIT` incident (a cycle with no wait state never hangs the engine).
   * Default 10,000.
   */
  maxSteps: number;
  /**
   * Deepest nesting of objects and arrays in one command's variables, counting the variables
   * object itself as level 1 (`{ a: { b: [1] } }` is 3 deep). Default 64.
   */
  maxVariableDepth: number;
  /**
   * Largest JSON size of the variables one command brings in: start variables, a task's
   * output, a message payload, a handler's result or BPMN-error variables, milestone data,
   * incident-retry variables. Default 4 MB (4 × 1024 × 1024), like Zeebe's message limit.
   */
  maxVariableBytes: number;
  /**
   * Largest JSON size of an instance's variables after a command (many small writes cannot
   * grow an instance without bound), and of the history records one command appends.
   * Default 16 MB. Must be at least `maxVariableBytes`.
   */
  maxInstanceVariablesBytes: number;
}

/** The defaults of {@link EngineLimits}. */
export const DEFAULT_LIMITS: Readonly<EngineLimits> = Object.freeze({
  maxSteps: 10_000,
  maxVariableDepth: 64,
  maxVariableBytes: 4 * 1024 * 1024,
  maxInstanceVariablesBytes: 16 * 1024 * 1024,
});

/** Deeper than this, even a configured depth would let native code (JSON, structuredClone, zod) recurse too far. */
const DEPTH_CEILING = 1000;

/**
 * The limits with defaults filled in.
 * @throws InvalidArgumentError naming the option (`limits.maxVariableDepth`, …) when a value is not a positive whole number, or the instance bound is below the per-command bound.
 */
export function resolveLimits(input: Partial<EngineLimits> | undefined): EngineLimits {
  if (input !== undefined && (input === null || typeof input !== 'object' || Array.isArray(input))) {
    throw new InvalidArgumentError('limits', `expected an object, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}`, 'pass e.g. { maxVariableDepth: 64, maxVariableBytes: 4194304 }, or leave limits out for the defaults.');
  }
  const known = Object.keys(DEFAULT_LIMITS);
  for (const k of Object.keys(input ?? {})) {
    if (!known.includes(k)) throw new InvalidArgumentError(`limits.${k}`, 'not a known limit', `use one of [${known.join(', ')}].`);
  }
  const out = { ...DEFAULT_LIMITS };
  for (const k of known as (keyof EngineLimits)[]) {
    const v = input?.[k];
    if (v === undefined) continue;
    const ceiling = k === 'maxVariableDepth' ? DEPTH_CEILING : Number.MAX_SAFE_INTEGER;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > ceiling) {
      throw new InvalidArgumentError(`limits.${k}`, `expected a whole number from 1 to ${ceiling}, got ${JSON.stringify(v) ?? String(v)}`, `pass a positive whole number, or leave it out for the default ${DEFAULT_LIMITS[k]}.`);
    }
    out[k] = v;
  }
  if (out.maxInstanceVariablesBytes < out.maxVariableBytes) {
    throw new InvalidArgumentError('limits.maxInstanceVariablesBytes', `${out.maxInstanceVariablesBytes} is below maxVariableBytes (${out.maxVariableBytes})`, 'raise maxInstanceVariablesBytes to at least maxVariableBytes: one command may bring in maxVariableBytes.');
  }
  return Object.freeze(out);
}

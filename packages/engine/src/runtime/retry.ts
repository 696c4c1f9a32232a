/**
 * The one retry policy for commits. A commit refused with a `ConcurrencyError` (another
 * command or node changed the instance, took the message, stored the deployment, … first)
 * is decided again on fresh data, up to {@link COMMIT_ATTEMPTS} times; any other error, or
 * a conflict the caller cannot resolve by trying again, goes to the caller as it is.
 *
 * @module
 */
import { ConcurrencyError } from '../errors';

/** Tries per command, the first included. */
export const COMMIT_ATTEMPTS = 8;

/** Which conflicts a caller resolves by deciding again; default: every `ConcurrencyError`. */
export type Retryable = (err: ConcurrencyError) => boolean;

/** Is `err`, thrown by attempt `n`, decided again (the policy {@link withRetry} applies, for a loop written out)? */
export function retries(err: unknown, n: number, retryable?: Retryable): boolean {
  return err instanceof ConcurrencyError && n < COMMIT_ATTEMPTS && (retryable === undefined || retryable(err));
}

/** Run `attempt` until it succeeds, retrying conflicts `retryable` accepts. */
export async function withRetry<T>(attempt: (n: number) => Promise<T>, retryable?: Retryable): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (!retries(err, n, retryable)) throw err;
    }
  }
}

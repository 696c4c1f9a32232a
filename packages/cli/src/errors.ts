/**
 * The CLI's errors. Each is a {@link HandoffError} with a stable `code` and a hint; the
 * command line prints `error: <message>` and exits with {@link exitCodeOf} — never a stack
 * trace for a user error.
 *
 * @module
 */
import { HandoffError } from '@handoff/engine';

/** Exit code of a usage error (bad option, unknown command or pack, missing file). */
export const EXIT_USAGE = 2;
/** Exit code of a failed check (validation or lint problems) or a failed run. */
export const EXIT_FAILED = 1;

/** The command line was used wrongly: unknown command or option, bad option value, missing argument. Exit code 2. */
export class UsageError extends HandoffError {
  /** The command whose usage was wrong (for the `--help` hint), when known. */
  readonly command: string | undefined;
  constructor(message: string, hint: string, options: { command?: string; code?: string } = {}) {
    super(options.code ?? 'USAGE', message, hint);
    this.command = options.command;
  }
}

/** `handoff simulate <pack>` named a pack the registry does not hold. Exit code 2. */
export class UnknownPackError extends UsageError {
  readonly pack: string;
  readonly known: readonly string[];
  constructor(pack: string, known: readonly string[]) {
    super(`Unknown pack '${pack}'.`, `use one of: ${known.join(', ')} (see handoff simulate --help).`, { command: 'simulate', code: 'UNKNOWN_PACK' });
    this.pack = pack;
    this.known = known;
  }
}

/** A file named on the command line is missing, unreadable, or not what the command expects. Exit code 2. */
export class FileError extends UsageError {
  readonly path: string;
  constructor(path: string, message: string, hint: string) {
    super(`${path}: ${message}`, hint, { code: 'BAD_FILE' });
    this.path = path;
  }
}

/** The exit code for an error thrown by a command: 2 for usage errors, 1 for anything else. */
export function exitCodeOf(err: unknown): number {
  return err instanceof UsageError ? EXIT_USAGE : EXIT_FAILED;
}

/**
 * The one-paragraph text printed for an error: the message (which ends with the hint for
 * Handoff errors). Programming errors (not Handoff errors) keep their stack, so bugs stay visible.
 */
export function describeError(err: unknown): string {
  if (err instanceof HandoffError) return `error: ${err.message}`;
  if (err instanceof Error) return `internal error: ${err.stack ?? err.message}`;
  return `internal error: ${String(err)}`;
}

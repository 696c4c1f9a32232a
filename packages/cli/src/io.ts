/**
 * Where a command writes: stdout for results, stderr for progress and diagnostics. Tests
 * pass string buffers; the binary passes the process streams.
 *
 * @module
 */

/** A text sink. */
export interface TextOut {
  write(text: string): unknown;
  /** True when the sink is a terminal (progress bars are drawn only then). */
  readonly isTTY?: boolean;
  /** Terminal width, when a terminal. */
  readonly columns?: number;
}

/** The streams and working directory a command runs with. */
export interface CliIo {
  stdout: TextOut;
  stderr: TextOut;
  /** Directory relative paths are resolved against; default `process.cwd()`. */
  cwd?: string;
}

/** A {@link CliIo} that collects everything written, for tests and programmatic use. */
export function bufferIo(options: { cwd?: string; stderrTTY?: boolean } = {}): CliIo & { out(): string; err(): string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t), isTTY: options.stderrTTY ?? false, columns: 80 },
    ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
    out: () => out,
    err: () => err,
  };
}

/**
 * Reading the files named on the command line, with {@link FileError}s that say what is wrong.
 *
 * @module
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { FileError } from './errors';

/** Resolve `path` against `cwd` (absolute paths stay). */
export function resolvePath(path: string, cwd = process.cwd()): string {
  return resolve(cwd, path);
}

/**
 * Read a text file named on the command line.
 * @throws FileError when it does not exist, is a directory, or cannot be read.
 */
export function readTextFile(path: string, cwd?: string): string {
  const full = resolvePath(path, cwd);
  let stat;
  try {
    stat = statSync(full);
  } catch {
    throw new FileError(path, 'no such file.', 'check the path (relative paths are resolved against the current directory).');
  }
  if (stat.isDirectory()) throw new FileError(path, 'is a directory, not a file.', 'name the .bpmn files themselves, e.g. bpmn/*.bpmn.');
  try {
    return readFileSync(full, 'utf8');
  } catch (err) {
    throw new FileError(path, `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'}).`, 'check its permissions.');
  }
}

/**
 * Read a BPMN file: a text file that at least looks like XML (the deploy check and the
 * linter report what is wrong inside it).
 * @throws FileError when it cannot be read or is not XML at all (e.g. a PNG).
 */
export function readBpmnFile(path: string, cwd?: string): string {
  const text = readTextFile(path, cwd);
  if (!text.trimStart().startsWith('<')) throw new FileError(path, 'is not an XML file.', 'pass BPMN 2.0 XML files (.bpmn), as saved by a modeler.');
  return text;
}

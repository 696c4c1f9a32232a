/**
 * The corpus manifest: one entry per BPMN file, with where it came from and under which
 * licence, whether a user or an engine's test suite wrote it, and its extension dialect.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CORPUS_DIR = import.meta.dirname;
export const FILES_DIR = join(CORPUS_DIR, 'files');

/** `users`: examples, tutorials, real processes; `fixtures`: an engine's or library's test resources. */
export type Category = 'users' | 'fixtures';
export type Dialect = 'zeebe' | 'camunda7' | 'flowable' | 'activiti' | 'plain';

export interface ManifestEntry {
  /** Path under `files/`. */
  file: string;
  /** `owner/name` on GitHub. */
  repo: string;
  /** Path in that repository. */
  path: string;
  /** The commit the file was taken from. */
  commit: string;
  /** SPDX licence id of the repository (or of the part the file comes from). */
  licence: string;
  category: Category;
  dialect: Dialect;
  sha256: string;
}

export function loadManifest(): ManifestEntry[] {
  return (JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as { files: ManifestEntry[] }).files;
}

export function readCorpusFile(e: ManifestEntry): string {
  return readFileSync(join(FILES_DIR, e.file), 'utf8');
}

const NAMESPACES: [Dialect, RegExp][] = [
  ['zeebe', /^http:\/\/camunda\.org\/schema\/zeebe\/1\.0$/],
  ['camunda7', /^http:\/\/(camunda\.org\/schema\/1\.0\/bpmn|activiti\.org\/bpmn\/camunda)/],
  ['flowable', /^http:\/\/flowable\.org\/bpmn$/],
  ['activiti', /^http:\/\/activiti\.org\/bpmn$/],
];

/**
 * The extension dialect a file uses: the first of zeebe, camunda7, flowable, activiti whose
 * namespace is declared **and** used by an element or attribute; else `plain`. The legacy
 * `http://activiti.org/bpmn` namespace, which Camunda 7 and Flowable still read as their
 * own, counts as the dialect of the engine the file was written for (`engine`).
 */
export function detectDialect(xml: string, engine?: string): Dialect {
  const declared = [...xml.matchAll(/xmlns:([\w.-]+)\s*=\s*["']([^"']+)["']/g)];
  const stripped = xml.replace(/xmlns:[\w.-]+\s*=\s*["'][^"']*["']/g, '');
  for (const [dialect, uri] of NAMESPACES) {
    for (const [, prefix, ns] of declared) {
      if (uri.test(ns!) && new RegExp(`[<\\s]${prefix!.replace('.', '\\.')}:`).test(stripped)) {
        return dialect === 'activiti' && (engine === 'camunda7' || engine === 'flowable') ? engine : dialect;
      }
    }
  }
  return 'plain';
}

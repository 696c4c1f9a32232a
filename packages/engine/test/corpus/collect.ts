/**
 * Collects the corpus: copies executable BPMN files from local git copies of public
 * repositories into `files/<owner>+<name>/<path>` and writes `manifest.json`.
 *
 *   tsx packages/engine/test/corpus/collect.ts <dir of bare clones: <owner>+<name>/repo>
 *
 * The sources, their licences (read from each repository's LICENSE), which paths are taken
 * and how many fixtures at most are listed in `SOURCES` below. Files are deduplicated by
 * the SHA-256 of their contents, files over 60 KB are skipped, and so are files whose every
 * process says `isExecutable="false"` and files named as deliberately invalid.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type Category, CORPUS_DIR, detectDialect, type ManifestEntry } from './manifest';

interface Source {
  repo: string;
  /** SPDX id of the repository's licence (or of the listed paths, for split-licence repos). */
  licence: string;
  /** `examples`: every file is a user's file; `engine`: test resources are fixtures, the rest users'. */
  kind: 'examples' | 'engine';
  /** Only paths starting with one of these (split-licence repositories). */
  under?: string[];
  /** The engine the repository's files are written for: a legacy `activiti:` namespace is read as its dialect. */
  engine: 'camunda7' | 'zeebe' | 'flowable' | 'activiti' | 'bpmn-engine';
  /** Most fixtures taken from this source (a deterministic sample by path hash). */
  maxFixtures?: number;
}

export const SOURCES: Source[] = [
  // Camunda 7
  { repo: 'camunda/camunda-bpm-examples', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'camunda-consulting/code', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'camunda/camunda-platform-get-started', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'camunda-consulting/camunda-7-code-examples', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'camunda-consulting/showroom-customer-onboarding', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'camunda-consulting/on-demand-call-activity', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'berndruecker/flowing-retail', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'berndruecker/flowing-retail-old', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'berndruecker/trip-booking-saga-java', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'berndruecker/trip-booking-saga-serverless', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'berndruecker/customer-onboarding-camunda-7', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'berndruecker/bpmn-resilience-patterns', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'berndruecker/camunda-ready-to-receive-patterns', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'berndruecker/camunda-interactive-lab', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'holunda-io/polyflow-examples', licence: 'Apache-2.0', engine: 'camunda7', kind: 'examples' },
  { repo: 'holunda-io/camundacon2019-casemanagement-with-bpmn', licence: 'BSD-3-Clause', engine: 'camunda7', kind: 'examples' },
  { repo: 'camunda/camunda-bpm-platform', licence: 'Apache-2.0', engine: 'camunda7', kind: 'engine', maxFixtures: 260 },
  { repo: 'camunda-community-hub/camunda-platform-scenario', licence: 'Apache-2.0', engine: 'camunda7', kind: 'engine', maxFixtures: 60 },
  { repo: 'camunda-community-hub/bpmn-driven-testing', licence: 'Apache-2.0', engine: 'camunda7', kind: 'engine', maxFixtures: 90 },
  { repo: 'camunda-community-hub/camunda-process-test-coverage', licence: 'Apache-2.0', engine: 'camunda7', kind: 'engine', maxFixtures: 40 },
  { repo: 'camunda-community-hub/camunda-platform-7-mockito', licence: 'Apache-2.0', engine: 'camunda7', kind: 'engine' },
  { repo: 'camunda-community-hub/micronaut-camunda-platform-7', licence: 'Apache-2.0', engine: 'camunda7', kind: 'engine' },
  { repo: 'camunda-community-hub/camunda-7-to-8-migration', licence: 'Apache-2.0', engine: 'camunda7', kind: 'engine' },
  // Camunda 8 / Zeebe
  { repo: 'zeebe-io/zeebe', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine', under: ['bpmn-model/', 'clients/java/', 'clients/go/'] },
  { repo: 'camunda/zeebe-process-test', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine', under: ['examples/', 'qa/', 'spring-test/'] },
  { repo: 'camunda/camunda-8-js-sdk', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/zeebe-client-node-js', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/zeebe-client-csharp', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/spring-zeebe', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/pyzeebe', licence: 'MIT', engine: 'zeebe', kind: 'engine' },
  { repo: 'quarkiverse/quarkus-zeebe', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/zeebe-simple-monitor', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/zeebe-simple-tasklist', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/zeebe-play', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/zeebe-cherry-runtime', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/zeebe-client-csharp-accelerator', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/camunda-8-connector-pdf', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda-community-hub/camunda-8-connector-KPI', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  { repo: 'camunda/connector-template-outbound', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine' },
  // Only the Apache-2.0 runtime: the out-of-the-box connectors are under another licence.
  { repo: 'camunda/connectors', licence: 'Apache-2.0', engine: 'zeebe', kind: 'engine', under: ['connector-runtime/'] },
  { repo: 'camunda-community-hub/camunda-8-benchmark', licence: 'Apache-2.0', engine: 'zeebe', kind: 'examples' },
  { repo: 'camunda-community-hub/camunda-cloud-starter-node', licence: 'ISC', engine: 'zeebe', kind: 'examples' },
  { repo: 'camunda-community-hub/bpmn-documentation-generator', licence: 'MIT', engine: 'zeebe', kind: 'examples' },
  { repo: 'berndruecker/customer-onboarding-camunda-8-springboot', licence: 'Apache-2.0', engine: 'zeebe', kind: 'examples' },
  { repo: 'berndruecker/ticket-booking-camunda-8', licence: 'MIT', engine: 'zeebe', kind: 'examples' },
  { repo: 'berndruecker/customer-onboarding-camunda-8-springboot-extended', licence: 'Apache-2.0', engine: 'zeebe', kind: 'examples' },
  { repo: 'berndruecker/zeebe-camunda-dmn', licence: 'Apache-2.0', engine: 'zeebe', kind: 'examples' },
  { repo: 'berndruecker/camunda-8-kafka-money-transfer-limit', licence: 'Apache-2.0', engine: 'zeebe', kind: 'examples' },
  // Flowable / Activiti
  { repo: 'flowable/flowable-examples', licence: 'Apache-2.0', engine: 'flowable', kind: 'examples' },
  { repo: 'flowable/flowable-benchmark', licence: 'Apache-2.0', engine: 'flowable', kind: 'examples' },
  { repo: 'flowable/flowable-serverless', licence: 'Apache-2.0', engine: 'flowable', kind: 'examples' },
  { repo: 'flowable/flowable-engine', licence: 'Apache-2.0', engine: 'flowable', kind: 'engine', maxFixtures: 260 },
  { repo: 'Activiti/activiti-examples', licence: 'Apache-2.0', engine: 'activiti', kind: 'examples' },
  { repo: 'Activiti/Activiti', licence: 'Apache-2.0', engine: 'activiti', kind: 'engine', maxFixtures: 100 },
  // bpmn-engine (JavaScript)
  { repo: 'paed01/bpmn-elements', licence: 'MIT', engine: 'bpmn-engine', kind: 'engine' },
  { repo: 'paed01/bpmn-engine', licence: 'MIT', engine: 'bpmn-engine', kind: 'engine' },
];

const BPMN_FILE = /\.(bpmn|bpmn2|bpmn20\.xml)$/i;
/** A directory whose name says test, qa, spec or fixture (`src/test/`, `integration-tests-8/`, `starter-qa/`). */
const TEST_PATH = /(^|\/)(src\/it|[^/]*(test|qa|spec|fixture)[^/]*)\//i;
const INVALID_NAME = /invalid|broken|malformed|unsupported|faulty|failing/i;
const MAX_BYTES = 60_000;

function git(gitDir: string, ...args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
}

/** True when some process of the file may run (not every `<process>` says isExecutable="false"). */
export function isExecutableFile(xml: string): boolean {
  const processes = xml.match(/<(\w+:)?process\b[^>]*>/g) ?? [];
  return processes.some((p) => !/isExecutable\s*=\s*["']false["']/.test(p)) && /<(\w+:)?startEvent\b|<(\w+:)?(task|userTask|serviceTask)\b/.test(xml);
}

const hashOf = (s: string) => createHash('sha256').update(s).digest('hex');

function main(mirror: string): void {
  const filesDir = join(CORPUS_DIR, 'files');
  rmSync(filesDir, { recursive: true, force: true });
  const seen = new Set<string>();
  const entries: ManifestEntry[] = [];
  for (const src of SOURCES) {
    const base = join(mirror, src.repo.replace('/', '+'), 'repo');
    const gitDir = existsSync(join(base, '.git')) ? join(base, '.git') : base;
    const commit = git(gitDir, 'rev-parse', 'HEAD').trim();
    const paths = git(gitDir, 'ls-tree', '-r', '--name-only', 'HEAD')
      .split('\n')
      .filter((p) => BPMN_FILE.test(p) && (!src.under || src.under.some((u) => p.startsWith(u))));
    const picked: { path: string; xml: string; category: Category }[] = [];
    for (const path of paths) {
      const category: Category = src.kind === 'examples' || !TEST_PATH.test(path) ? 'users' : 'fixtures';
      if (category === 'fixtures' && INVALID_NAME.test(path)) continue;
      const xml = git(gitDir, 'show', `HEAD:${path}`);
      if (Buffer.byteLength(xml) > MAX_BYTES || !isExecutableFile(xml)) continue;
      picked.push({ path, xml, category });
    }
    const fixtures = picked.filter((p) => p.category === 'fixtures').sort((a, b) => hashOf(a.path).localeCompare(hashOf(b.path)));
    const keep = new Set(fixtures.slice(0, src.maxFixtures ?? Infinity).map((p) => p.path));
    for (const p of picked.sort((a, b) => a.path.localeCompare(b.path))) {
      if (p.category === 'fixtures' && !keep.has(p.path)) continue;
      const sha256 = hashOf(p.xml);
      if (seen.has(sha256)) continue;
      seen.add(sha256);
      const file = join(src.repo.replace('/', '+'), p.path);
      mkdirSync(dirname(join(filesDir, file)), { recursive: true });
      writeFileSync(join(filesDir, file), p.xml);
      entries.push({ file, repo: src.repo, path: p.path, commit, licence: src.licence, category: p.category, dialect: detectDialect(p.xml, src.engine), sha256 });
    }
  }
  writeFileSync(join(CORPUS_DIR, 'manifest.json'), `${JSON.stringify({ files: entries }, null, 1)}\n`);
  console.log(`${entries.length} files`);
}

if (process.argv[2]) main(process.argv[2]);

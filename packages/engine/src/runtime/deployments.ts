/**
 * The deployment registry: compiles BPMN into models, numbers versions, remembers which
 * version is current, and recompiles stored deployments lazily after a restart.
 *
 * @module
 */
import { DeployError, InvalidArgumentError, NotFoundError, type DeployProblem } from '../errors';
import { compileDefinitions } from '../model/compile';
import { parseBpmn } from '../model/parse';
import type { ProcessModel } from '../model/types';
import type { CallBinding } from '../model/callActivity';
import type { DeploymentRecord, Store } from '../store/types';
import type { JobHandler } from './jobs';
import type { SchemaLike } from './variables';
import { compileSlaPolicies, type SlaPolicyConfig } from '../sla/policy';
import { timeToLiveMs, type TimeToLive } from '../time/timeToLive';
import { DecisionRegistry } from '../dmn/registry';
import type { DecisionModel } from '../dmn/types';

/** What `engine.deploy()` accepts: a BPMN file (or several) plus what the host attaches to it. A process pack has this shape. */
export interface DeployInput {
  /** BPMN 2.0 XML, or several files. Optional when `dmn` is given. */
  bpmn?: string | readonly string[];
  /**
   * DMN 1.3 XML (DMN 1.1 / 1.2 files are migrated), or several files: decisions for business
   * rule tasks (`zeebe:calledDecision`, `camunda:decisionRef`) and `engine.decisions.evaluate`.
   * A changed file gives each of its decisions a new version (docs/dmn.md).
   */
  dmn?: string | readonly string[];
  /** A name for messages, e.g. the file or pack name. */
  name?: string;
  /** Lane id → role name. A lane not listed grants the role named like its id. */
  roles?: Readonly<Record<string, string>>;
  /** zod schemas: start variables per process id, task outputs per user-task element id. */
  schemas?: {
    start?: Readonly<Record<string, SchemaLike>>;
    tasks?: Readonly<Record<string, SchemaLike>>;
  };
  /** Service-task handlers by job type. */
  handlers?: Readonly<Record<string, JobHandler>>;
  /**
   * SLA policies (JSON data; see docs/sla.md). A policy with the id of a BPMN `handoff:sla`
   * overrides it field by field. Give `processId` when the deploy holds several processes.
   */
  sla?: readonly SlaPolicyConfig[];
  /**
   * How long ended instances of these processes are kept (history, tasks, SLA clocks): a
   * number of days or an ISO 8601 duration (`'P30D'`), for every process of the deploy, or
   * by process id. Overrides the BPMN `camunda:historyTimeToLive` and the engine's option.
   * Default: the BPMN attribute, else the engine's option (docs/retention.md).
   */
  historyTimeToLive?: TimeToLive | Readonly<Record<string, TimeToLive>>;
}

/** Summary of a deployed process version. */
export interface ProcessInfo {
  id: string;
  name?: string;
  version: number;
  key: string;
  deployedAt: number;
}

/** Result of compiling the files of one deploy call, before anything is stored. */
export interface PreparedDeploy {
  models: ProcessModel[];
  /** Deployment records for versions that are new (unchanged files keep their version). */
  records: DeploymentRecord[];
  /** Previous current versions that the new ones replace. */
  replaced: ProcessModel[];
  /** The deploy's decisions (new versions have records in `records`). */
  decisions: DecisionModel[];
}

export class Deployments {
  private readonly records = new Map<string, DeploymentRecord>();
  private readonly models = new Map<string, ProcessModel>();
  private readonly latest = new Map<string, number>();
  private loading: Promise<void> | undefined;
  /** Deployed DMN decisions (records with `kind: 'dmn'`). */
  readonly decisions = new DecisionRegistry();

  constructor(
    private readonly store: Store,
    private readonly maxXmlBytes: number | undefined,
    private readonly calendars: ReadonlySet<string>,
  ) {}

  /** Load stored deployment records once (models compile lazily). */
  load(): Promise<void> {
    this.loading ??= this.store.getDeployments().then(
      (recs) => {
        for (const r of recs) this.remember(r);
      },
      (err: unknown) => {
        // The store was unavailable: the next call reads again (a failed read must not stick).
        this.loading = undefined;
        throw err;
      },
    );
    return this.loading;
  }

  /**
   * Read the stored records again: another node deployed (a new version, or a conflicting
   * deploy at the same moment). Known models stay cached; versions are immutable.
   */
  async reload(): Promise<void> {
    const recs = await this.store.getDeployments();
    for (const r of recs) this.remember(r);
    this.loading = Promise.resolve();
  }

  private remember(r: DeploymentRecord): void {
    if (r.kind === 'dmn') return this.decisions.remember(r);
    this.records.set(r.key, r);
    if ((this.latest.get(r.processId) ?? 0) < r.version) this.latest.set(r.processId, r.version);
  }

  /**
   * Parse and compile; throws DeployError listing every problem of every file (and, with
   * `strict`, every warning: a cycle with no wait state, …).
   */
  async prepare(input: DeployInput, now: number, strict = false): Promise<PreparedDeploy> {
    await this.load();
    const isFiles = (x: unknown) => typeof x === 'string' || Array.isArray(x);
    if (!input || (!isFiles(input.bpmn) && !isFiles(input.dmn)) || (input.bpmn !== undefined && !isFiles(input.bpmn)) || (input.dmn !== undefined && !isFiles(input.dmn))) {
      throw new InvalidArgumentError('deploy input', 'expected { bpmn?: string | string[], dmn?: string | string[] } with at least one of them', "pass the BPMN XML, e.g. engine.deploy({ bpmn: readFileSync('order.bpmn', 'utf8') }), and DMN files as { dmn }.");
    }
    const files = input.bpmn === undefined ? [] : typeof input.bpmn === 'string' ? [input.bpmn] : [...input.bpmn];
    const ttlFor = deployTimeToLive(input.historyTimeToLive);
    const slaFor = (pid: string) => (input.sla ?? []).filter((c) => (c as { processId?: string })?.processId === undefined || (c as { processId?: string }).processId === pid);
    const problems: DeployProblem[] = [];
    const models: ProcessModel[] = [];
    const records: DeploymentRecord[] = [];
    const replaced: ProcessModel[] = [];
    const seen = new Set<string>();
    const dmn = input.dmn === undefined ? undefined : await this.decisions.prepare(typeof input.dmn === 'string' ? [input.dmn] : [...input.dmn], now, this.maxXmlBytes);
    if (dmn) problems.push(...dmn.problems);
    for (const xml of files) {
      if (typeof xml !== 'string') {
        problems.push({ code: 'NOT_XML', message: `Expected BPMN XML as a string, got ${typeof xml}.`, hint: 'read the file as text (utf8) before deploying.' });
        continue;
      }
      const parsed = await parseBpmn(xml, this.maxXmlBytes);
      problems.push(...parsed.problems);
      if (!parsed.definitions) continue;
      const unchanged = new Set<string>();
      const version = (pid: string) => {
        const cur = this.latest.get(pid);
        const rec = cur !== undefined ? this.records.get(`${pid}:${cur}`) : undefined;
        if (rec && rec.xml === xml && sameRoles(rec.roles, input.roles) && JSON.stringify(rec.sla ?? []) === JSON.stringify(slaFor(pid)) && rec.historyTimeToLive === ttlFor(pid)) {
          unchanged.add(pid);
          return cur!;
        }
        return (cur ?? 0) + 1;
      };
      const { processes, problems: p } = compileDefinitions(parsed.definitions, parsed.lineOf, { ...(input.roles ? { roles: input.roles } : {}), version, ...(parsed.warnings ? { warnings: parsed.warnings } : {}) });
      // A reference the parser could not resolve is reported once, by the parser.
      problems.push(...p.filter((x) => !(x.code === 'BROKEN_REFERENCE' && parsed.problems.some((q) => q.code === x.code && q.elementId === x.elementId))));
      for (const compiled of processes) {
        const sla = attachSla(compiled, slaFor(compiled.id), this.calendars);
        problems.push(...sla.problems);
        const m = withTimeToLive(sla.model, ttlFor(compiled.id));
        if (seen.has(m.id)) {
          problems.push({ code: 'DUPLICATE_PROCESS', elementId: m.id, message: `Process '${m.id}' is defined twice in this deploy.`, hint: 'give each process a unique id.' });
          continue;
        }
        seen.add(m.id);
        if (strict) problems.push(...(m.warnings ?? []));
        models.push(m);
        if (!unchanged.has(m.id)) {
          const configs = slaFor(m.id);
          records.push({ key: m.key, processId: m.id, ...(m.name ? { name: m.name } : {}), version: m.version, xml, ...(input.roles ? { roles: { ...input.roles } } : {}), ...(configs.length ? { sla: structuredClone(configs) as unknown[] } : {}), ...(ttlFor(m.id) !== undefined ? { historyTimeToLive: ttlFor(m.id)! } : {}), deployedAt: now });
          const prev = this.latest.get(m.id);
          if (prev !== undefined) replaced.push(await this.model(m.id, prev));
        }
      }
    }
    if (models.length > 1) {
      for (const c of input.sla ?? []) {
        if ((c as { processId?: string })?.processId === undefined) {
          problems.push({ code: 'INVALID_SLA', message: `SLA policy '${(c as { id?: string })?.id}' has no processId, and this deploy holds ${models.length} processes.`, hint: `add processId: one of [${models.map((m) => m.id).join(', ')}].` });
        }
      }
    }
    const ttl = input.historyTimeToLive;
    if (ttl !== null && typeof ttl === 'object') {
      for (const pid of Object.keys(ttl)) {
        if (!seen.has(pid)) problems.push({ code: 'UNKNOWN_PROCESS', message: `historyTimeToLive names process '${pid}', which this deploy does not hold.`, hint: `use one of [${[...seen].join(', ')}], or a single value for every process.` });
      }
    }
    if (strict) problems.push(...undeployedDecisions(models, this.decisions, dmn?.decisions ?? []));
    if (problems.length) throw new DeployError(problems, input.name);
    if (dmn) records.push(...dmn.records);
    return { models, records, replaced, decisions: dmn?.decisions ?? [] };
  }

  /** Make prepared models current (after their records are stored). */
  activate(prepared: PreparedDeploy): void {
    this.decisions.activate({ decisions: prepared.decisions, records: [] });
    for (const r of prepared.records) this.remember(r);
    for (const m of prepared.models) this.models.set(m.key, m);
  }

  /** The current version of a process. */
  async current(processId: string): Promise<ProcessModel> {
    await this.load();
    const v = this.latest.get(processId);
    if (v === undefined) {
      throw new NotFoundError('process', processId, `deploy a BPMN file containing process '${processId}' first; deployed: [${[...this.latest.keys()].join(', ')}].`);
    }
    return this.model(processId, v);
  }

  /**
   * The version a call activity starts (its binding): the latest; a version number; the
   * latest version carrying a version tag; or `deployment` — the version deployed in the
   * same deploy call as the calling version, else the one that was current when it was
   * deployed.
   * @throws NotFoundError when no version fits.
   */
  async resolve(processId: string, binding: CallBinding, callerKey: string): Promise<ProcessModel> {
    await this.load();
    if (!this.latest.has(processId)) await this.reload();
    switch (binding.kind) {
      case 'latest':
        return this.current(processId);
      case 'version':
        return this.model(processId, binding.version);
      case 'versionTag': {
        for (let v = this.latest.get(processId) ?? 0; v >= 1; v--) {
          if (!this.records.has(`${processId}:${v}`)) continue;
          const m = await this.model(processId, v);
          if (m.versionTag === binding.versionTag) return m;
        }
        throw new NotFoundError('process', `${processId} (version tag '${binding.versionTag}')`, `deploy a version of '${processId}' with camunda:versionTag / zeebe:versionTag '${binding.versionTag}'.`);
      }
      case 'deployment': {
        const caller = this.records.get(callerKey);
        let best: DeploymentRecord | undefined;
        for (const r of this.records.values()) {
          if (r.processId !== processId || (caller && r.deployedAt > caller.deployedAt)) continue;
          const same = caller !== undefined && r.deployedAt === caller.deployedAt;
          const bestSame = best !== undefined && caller !== undefined && best.deployedAt === caller.deployedAt;
          if (!best || (same && !bestSame) || (same === bestSame && r.version > best.version)) best = r;
        }
        if (!best) throw new NotFoundError('process', processId, `no version of '${processId}' was deployed with or before ${callerKey}; deploy them together, or use the latest binding.`);
        return this.model(processId, best.version);
      }
    }
  }

  /**
   * The decision version a business rule task of process version `callerKey` evaluates (its
   * binding decides; `deployment`: deployed with or before the calling version).
   * @throws NotFoundError when no version fits.
   */
  async resolveDecision(decisionId: string, binding: CallBinding, callerKey: string): Promise<DecisionModel> {
    await this.load();
    if (!this.decisions.has(decisionId)) await this.reload();
    return this.decisions.resolve(decisionId, binding, this.records.get(callerKey)?.deployedAt);
  }

  /** Every current model. */
  async currentModels(): Promise<ProcessModel[]> {
    await this.load();
    return Promise.all([...this.latest].map(([id, v]) => this.model(id, v)));
  }

  /** A version's model if it is compiled already (no promise, no key string: the pipeline's path for every command). */
  compiled(processId: string, version: number): ProcessModel | undefined {
    const last = this.lastUsed;
    if (last !== undefined && last.version === version && last.id === processId && this.models.get(last.key) === last) return last;
    const m = this.models.get(`${processId}:${version}`);
    if (m) this.lastUsed = m;
    return m;
  }
  private lastUsed: ProcessModel | undefined;

  /** A specific version's model, compiled from its stored XML on first use. */
  async model(processId: string, version: number): Promise<ProcessModel> {
    const key = `${processId}:${version}`;
    const cached = this.models.get(key);
    if (cached) return cached;
    await this.load();
    // Deployed by another node since we loaded?
    if (!this.records.has(key)) await this.reload();
    const rec = this.records.get(key);
    if (!rec) throw new NotFoundError('process', key, 'the store has no deployment for this process version.');
    const parsed = await parseBpmn(rec.xml);
    if (!parsed.definitions) throw new DeployError(parsed.problems, key);
    const { processes, problems } = compileDefinitions(parsed.definitions, parsed.lineOf, { ...(rec.roles ? { roles: rec.roles } : {}), version: () => version });
    if (problems.length) throw new DeployError(problems, key);
    for (const compiled of processes) {
      if (this.models.has(compiled.key)) continue;
      const stored = this.records.get(compiled.key)?.sla ?? [];
      const sla = attachSla(compiled, stored, this.calendars);
      if (sla.problems.length) throw new DeployError(sla.problems, compiled.key);
      this.models.set(compiled.key, withTimeToLive(sla.model, this.records.get(compiled.key)?.historyTimeToLive));
    }
    const m = this.models.get(key);
    if (!m) throw new NotFoundError('process', key, 'the stored deployment does not contain this process.');
    return m;
  }

  /** Every deployed version. */
  async list(): Promise<ProcessInfo[]> {
    await this.load();
    return [...this.records.values()].map((r) => ({ id: r.processId, ...(r.name ? { name: r.name } : {}), version: r.version, key: r.key, deployedAt: r.deployedAt }));
  }
}

/** The deploy's time to live per process id (ms), validated up front. */
function deployTimeToLive(given: DeployInput['historyTimeToLive']): (processId: string) => number | undefined {
  if (given === undefined) return () => undefined;
  if (typeof given === 'number' || typeof given === 'string') {
    const ms = timeToLiveMs(given, 'historyTimeToLive');
    return () => ms;
  }
  if (given === null || typeof given !== 'object' || Array.isArray(given)) return () => timeToLiveMs(given, 'historyTimeToLive');
  const byProcess = new Map(Object.entries(given).map(([pid, v]) => [pid, timeToLiveMs(v, `historyTimeToLive.${pid}`)]));
  return (pid) => byProcess.get(pid);
}

/** The model with the deploy's time to live (when given). */
function withTimeToLive(model: ProcessModel, ms: number | undefined): ProcessModel {
  return ms === undefined ? model : Object.freeze({ ...model, historyTimeToLive: ms });
}

function sameRoles(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  return JSON.stringify(a ?? {}) === JSON.stringify(b ?? {});
}

/** Merge and validate the SLA policies of a compiled model, and check its timers' calendars. */
export function attachSla(model: ProcessModel, configs: readonly unknown[], calendars: ReadonlySet<string>): { model: ProcessModel; problems: DeployProblem[] } {
  const { policies, problems } = compileSlaPolicies(model, configs, calendars);
  for (const n of model.nodes) {
    const cal = n.event?.type === 'timer' ? n.event.timer.calendar : undefined;
    if (cal !== undefined && !calendars.has(cal)) {
      problems.push({ code: 'UNKNOWN_CALENDAR', elementId: n.id, elementType: n.bpmnType, message: `handoff:calendar="${cal}" names a calendar the engine does not know.`, hint: `pass it to createEngine({ calendars }); known: [${[...calendars].join(', ')}].` });
    }
  }
  return { model: policies.length ? Object.freeze({ ...model, slas: policies }) : model, problems };
}

/**
 * Strict deploys only: business rule tasks naming a decision (statically) that is neither
 * deployed nor in this deploy. Camunda lets the DMN come later, so a plain deploy accepts
 * them (a missing decision is a `DECISION_NOT_FOUND` incident at run time).
 */
function undeployedDecisions(models: readonly ProcessModel[], registry: DecisionRegistry, deployed: readonly DecisionModel[]): DeployProblem[] {
  const problems: DeployProblem[] = [];
  for (const m of models) {
    for (const n of m.nodes) {
      const id = n.decision?.decisionId;
      if (id === undefined || registry.has(id) || deployed.some((d) => d.id === id)) continue;
      problems.push({ code: 'DECISION_NOT_DEPLOYED', elementId: n.id, elementType: n.bpmnType, message: `Business rule task ${n.id} evaluates decision '${id}', which is not deployed.`, hint: `deploy the DMN file with decision '${id}' (engine.deploy({ bpmn, dmn })), or deploy without strict to add it later.` });
    }
  }
  return problems;
}

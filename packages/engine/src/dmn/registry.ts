/**
 * The decision registry: compiles DMN files into decision models, numbers versions like
 * processes (a changed file gives each of its decisions a new version; an unchanged file
 * keeps them), and resolves a business rule task's binding to one version. Stored records
 * (`DeploymentRecord` with `kind: 'dmn'`) are compiled lazily after a restart.
 *
 * @module
 */
import { DeployError, NotFoundError, type DeployProblem } from '../errors';
import type { CallBinding } from '../model/callActivity';
import type { ModdleElement } from '../model/parse';
import type { DeploymentRecord } from '../store/types';
import { compileDmn } from './compile';
import { parseDmn } from './parse';
import type { DecisionModel } from './types';

/** Summary of a deployed decision version (`engine.decisions.list()`). */
export interface DecisionInfo {
  id: string;
  name?: string;
  version: number;
  /** `${id}:${version}`. */
  key: string;
  versionTag?: string;
  deployedAt: number;
}

/** The decisions one deploy call brings, before anything is stored. */
export interface PreparedDecisions {
  decisions: DecisionModel[];
  /** Records for versions that are new (unchanged files keep their versions). */
  records: DeploymentRecord[];
  problems: DeployProblem[];
}

/** The store key of a decision version's record. */
export function decisionRecordKey(decisionId: string, version: number): string {
  return `dmn:${decisionId}:${version}`;
}

export class DecisionRegistry {
  private readonly records = new Map<string, DeploymentRecord>();
  private readonly models = new Map<string, DecisionModel>();
  private readonly latest = new Map<string, number>();

  /** Take note of a stored decision record. */
  remember(r: DeploymentRecord): void {
    this.records.set(r.key, r);
    if ((this.latest.get(r.processId) ?? 0) < r.version) this.latest.set(r.processId, r.version);
  }

  /** Is any version of `decisionId` known? */
  has(decisionId: string): boolean {
    return this.latest.has(decisionId);
  }

  /** Parse and compile DMN files; problems are returned, not thrown (the deploy lists them with the BPMN ones). */
  async prepare(files: readonly unknown[], now: number, maxXmlBytes: number | undefined): Promise<PreparedDecisions> {
    const problems: DeployProblem[] = [];
    const decisions: DecisionModel[] = [];
    const records: DeploymentRecord[] = [];
    const seen = new Map<string, string>();
    for (const xml of files) {
      if (typeof xml !== 'string') {
        problems.push({ code: 'NOT_XML', message: `Expected DMN XML as a string, got ${typeof xml}.`, hint: 'read the .dmn file as text (utf8) before deploying.' });
        continue;
      }
      const parsed = await parseDmn(xml, maxXmlBytes);
      problems.push(...parsed.problems);
      if (!parsed.definitions) continue;
      const ids = decisionIds(parsed.definitions);
      const unchanged = ids.length > 0 && ids.every((id) => {
        const cur = this.latest.get(id);
        return cur !== undefined && this.records.get(decisionRecordKey(id, cur))?.xml === xml;
      });
      const version = (id: string) => (unchanged ? this.latest.get(id)! : (this.latest.get(id) ?? 0) + 1);
      const compiled = compileDmn(parsed.definitions, parsed.lineOf, version);
      problems.push(...compiled.problems);
      for (const d of compiled.decisions) {
        const other = seen.get(d.id);
        if (other !== undefined) {
          problems.push({ code: 'DUPLICATE_DECISION', elementId: d.id, elementType: 'dmn:Decision', message: `Decision '${d.id}' is defined twice in this deploy (in '${other}' and '${d.definitionsId}').`, hint: 'give each decision a unique id, or deploy one of the files.' });
          continue;
        }
        seen.set(d.id, d.definitionsId);
        decisions.push(d);
        if (!unchanged) records.push({ key: decisionRecordKey(d.id, d.version), kind: 'dmn', processId: d.id, ...(d.name ? { name: d.name } : {}), version: d.version, xml, deployedAt: now });
      }
    }
    return { decisions, records, problems };
  }

  /** Make prepared decisions current (after their records are stored). */
  activate(prepared: Pick<PreparedDecisions, 'decisions' | 'records'>): void {
    for (const r of prepared.records) this.remember(r);
    for (const d of prepared.decisions) this.models.set(d.key, d);
  }

  /**
   * The version a business rule task evaluates: the latest; a version number; the latest
   * carrying a version tag; or `deployment` — the version deployed with the calling process
   * (`callerDeployedAt`), else the one current then.
   * @throws NotFoundError when no version fits.
   */
  async resolve(decisionId: string, binding: CallBinding, callerDeployedAt?: number): Promise<DecisionModel> {
    const latest = this.latest.get(decisionId);
    if (latest === undefined) throw new NotFoundError('decision', decisionId, `deploy a DMN file with decision '${decisionId}' (engine.deploy({ dmn })); deployed: [${[...this.latest.keys()].join(', ')}].`);
    switch (binding.kind) {
      case 'latest':
        return this.model(decisionId, latest);
      case 'version':
        return this.model(decisionId, binding.version);
      case 'versionTag':
        for (let v = latest; v >= 1; v--) {
          if (!this.records.has(decisionRecordKey(decisionId, v))) continue;
          const m = await this.model(decisionId, v);
          if (m.versionTag === binding.versionTag) return m;
        }
        throw new NotFoundError('decision', `${decisionId} (version tag '${binding.versionTag}')`, `deploy a version of '${decisionId}' with camunda:versionTag '${binding.versionTag}'.`);
      case 'deployment': {
        let best: DeploymentRecord | undefined;
        for (let v = latest; v >= 1; v--) {
          const r = this.records.get(decisionRecordKey(decisionId, v));
          if (!r || (callerDeployedAt !== undefined && r.deployedAt > callerDeployedAt)) continue;
          best = r;
          break;
        }
        if (!best) throw new NotFoundError('decision', decisionId, `no version of '${decisionId}' was deployed with or before the calling process; deploy them together, or use the latest binding.`);
        return this.model(decisionId, best.version);
      }
    }
  }

  /** A specific version, compiled from its stored XML on first use. */
  async model(decisionId: string, version: number): Promise<DecisionModel> {
    const key = `${decisionId}:${version}`;
    const cached = this.models.get(key);
    if (cached) return cached;
    const rec = this.records.get(decisionRecordKey(decisionId, version));
    if (!rec) throw new NotFoundError('decision', key, `the store has no version ${version} of decision '${decisionId}'; list them with engine.decisions.list().`);
    const parsed = await parseDmn(rec.xml);
    if (!parsed.definitions) throw new DeployError(parsed.problems, key);
    // Every decision of the file has the version stored with this same file.
    const versionOf = (id: string) => {
      let best = 0;
      for (const r of this.records.values()) if (r.kind === 'dmn' && r.processId === id && r.xml === rec.xml && r.version > best) best = r.version;
      return id === decisionId ? version : best || version;
    };
    const compiled = compileDmn(parsed.definitions, parsed.lineOf, versionOf);
    if (compiled.problems.length) throw new DeployError(compiled.problems, key);
    for (const d of compiled.decisions) if (this.records.has(decisionRecordKey(d.id, d.version)) && !this.models.has(d.key)) this.models.set(d.key, d);
    const m = this.models.get(key);
    if (!m) throw new NotFoundError('decision', key, 'the stored DMN file does not contain this decision.');
    return m;
  }

  /** Every deployed decision version, by id then version. */
  list(): DecisionInfo[] {
    return [...this.records.values()]
      .map((r) => {
        const m = this.models.get(`${r.processId}:${r.version}`);
        return { id: r.processId, ...(r.name ? { name: r.name } : {}), version: r.version, key: `${r.processId}:${r.version}`, ...(m?.versionTag ? { versionTag: m.versionTag } : {}), deployedAt: r.deployedAt };
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.version - b.version));
  }
}

function decisionIds(definitions: ModdleElement): string[] {
  return ((definitions.drgElement as ModdleElement[] | undefined) ?? []).filter((d) => d.$type === 'dmn:Decision' && d.id).map((d) => d.id!);
}

/**
 * The designer's API: open a pack's process in bpmn-js, check an edited file as deploy would
 * (the engine's own compile, with the pack's roles, SLA config and the host's calendars), and
 * deploy it as a new version. Only people holding one of the pack's `designerRoles` may use
 * it; who that is, and why checks are refused to everyone else too:
 * docs/decisions/0030-designer-in-the-tasklist.md.
 *
 * - `GET /api/designer/processes` — the processes the person may design.
 * - `GET /api/designer/processes/:id` — the latest version's XML, its version, the calendars.
 * - `POST /api/designer/processes/:id/check` `{ bpmn }` — `{ problems, warnings }` (200 even
 *   when there are problems: that is the answer).
 * - `POST /api/designer/processes/:id/deploy` `{ bpmn }` — 201 `{ version, previousVersion,
 *   changed }`; 422 `DEPLOY_FAILED` with `problems[]` when deploy would refuse the file
 *   (nothing is deployed then).
 *
 * The role is checked before the body is read, so a person without it cannot make the server
 * parse anything.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { checkDefinitions, DeployError, NotFoundError, parseBpmn, type Actor, type DeployProblem, type Engine } from '@handoff/engine';
import { holdsAny, type DeployedCatalog, type PackEntry } from './catalog';
import { AccessDeniedError, BadRequestError } from './errors';
import type { Router } from './http';
import { readJson, type JsonLimits } from './json';

/** What the designer's routes work with. */
export interface DesignerContext {
  engine: Engine;
  deployed: DeployedCatalog;
  /** Business calendar names the engine was created with (`24/7` is always known). */
  calendars: readonly string[];
  /** Bounds of a designer request body (a BPMN file is far larger than a form). */
  json: JsonLimits;
  actor: (req: IncomingMessage) => Actor;
}

/** The outcome of checking a file. */
export interface FileCheck {
  /** What makes `engine.deploy()` refuse the file, each with its element when it has one. */
  problems: DeployProblem[];
  /** What deploy accepts but is likely wrong (a cycle with no wait state, an extension not read). */
  warnings: DeployProblem[];
}

/** Add the designer's routes to `router`. */
export function designerRoutes(router: Router, ctx: DesignerContext): Router {
  const { engine, deployed } = ctx;
  /** The pack of a process the actor may design; 404 for an unknown process, 403 without a designer role. */
  const designable = (req: IncomingMessage, processId: string): { actor: Actor; pack: PackEntry } => {
    const actor = ctx.actor(req);
    const pack = deployed.processes.get(processId);
    if (!pack) throw new NotFoundError('process', processId, `deployed: [${[...deployed.processes.keys()].join(', ')}].`);
    const roles = pack.designerRoles ?? [];
    if (!holdsAny(actor, roles)) {
      throw new AccessDeniedError(
        `Actor '${actor.id}' may not change process '${processId}': designing it requires one of the roles [${roles.join(', ')}].`,
        roles.length ? `sign in as a person holding one of [${roles.join(', ')}].` : `the host lists no designer roles for pack '${pack.name}' (PackEntry.designerRoles), so it cannot be changed from the web.`,
        roles,
      );
    }
    return { actor, pack };
  };
  const fileOf = async (req: IncomingMessage): Promise<string> => {
    const { bpmn, ...rest } = await readJson(req, ctx.json);
    const extra = Object.keys(rest);
    if (extra.length) throw new BadRequestError(`Unknown field${extra.length > 1 ? 's' : ''} ${extra.map((f) => `'${f.slice(0, 40)}'`).join(', ')} in the designer request.`, 'send {"bpmn": "<the BPMN XML>"} and nothing else.');
    if (typeof bpmn !== 'string' || !bpmn.trim()) throw new BadRequestError('The designer request has no BPMN.', 'send {"bpmn": "<the BPMN XML>"}: the file as text, as the modeler saves it.');
    return bpmn;
  };

  return router
    .add('GET', /^\/api\/designer\/processes$/, async (req) => {
      const actor = ctx.actor(req);
      const mine = [...deployed.processes].filter(([, pack]) => holdsAny(actor, pack.designerRoles ?? []));
      if (!mine.length) {
        const roles = [...new Set(deployed.packs.flatMap((p) => p.designerRoles ?? []))];
        throw new AccessDeniedError(`Actor '${actor.id}' may not design any process here.`, roles.length ? `sign in as a person holding one of [${roles.join(', ')}].` : 'the host lists no designer roles (PackEntry.designerRoles).', roles);
      }
      const versions = await engine.processes.list();
      return {
        body: mine.map(([processId, pack]) => {
          const latest = versions.filter((v) => v.id === processId).sort((a, b) => b.version - a.version)[0];
          return { processId, pack: pack.name, title: pack.title, ...(latest ? { version: latest.version, deployedAt: latest.deployedAt, name: latest.name } : {}) };
        }),
      };
    })
    .add('GET', /^\/api\/designer\/processes\/([^/]+)$/, async (req, _res, [id]) => {
      designable(req, id!);
      const model = await engine.processes.model(id!);
      return { body: { processId: id, version: model.version, bpmn: await engine.processes.bpmn(id!), calendars: ['24/7', ...ctx.calendars] } };
    })
    .add('POST', /^\/api\/designer\/processes\/([^/]+)\/check$/, async (req, _res, [id]) => {
      const { pack } = designable(req, id!);
      return { body: { processId: id, ...(await checkFile(await fileOf(req), id!, pack, ctx)) } };
    })
    .add('POST', /^\/api\/designer\/processes\/([^/]+)\/deploy$/, async (req, _res, [id]) => {
      const { pack } = designable(req, id!);
      const xml = await fileOf(req);
      const { problems } = await checkFile(xml, id!, pack, ctx);
      if (problems.length) throw new DeployError(problems, `the designer's file for '${id}'`);
      const previousVersion = (await engine.processes.model(id!)).version;
      // The pack's whole deploy (schemas, handlers, roles, SLA config) with the new file: only the BPMN changes.
      await engine.deploy({ ...pack.deploy, bpmn: xml });
      await engine.idle();
      const version = (await engine.processes.model(id!)).version;
      return { status: 201, body: { processId: id, version, previousVersion, changed: version !== previousVersion } };
    });
}

/**
 * Check a designer's file for `processId` of `pack` as `engine.deploy({ ...pack.deploy, bpmn })`
 * would: the parser's problems, the engine's compile with the pack's roles and SLA config and
 * the host's calendars, and two host rules — the file must still define `processId`, and only
 * processes of this pack (a designer changes its pack, not another one).
 */
export async function checkFile(xml: string, processId: string, pack: PackEntry, ctx: Pick<DesignerContext, 'calendars' | 'deployed'>): Promise<FileCheck> {
  const parsed = await parseBpmn(xml);
  const problems: DeployProblem[] = [...parsed.problems];
  const warnings: DeployProblem[] = [...(parsed.warnings ?? [])];
  if (!parsed.definitions) return { problems, warnings };
  const processes = ((parsed.definitions.rootElements as { $type: string; id?: string }[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
  if (!processes.some((p) => p.id === processId)) {
    problems.push({ code: 'PROCESS_MISSING', message: `The file does not define process '${processId}', the one being designed.`, hint: `keep the process id '${processId}' (select the pool or the canvas: General → ID).` });
  }
  for (const p of processes) {
    const owner = p.id === undefined ? undefined : ctx.deployed.processes.get(p.id);
    if (owner !== pack) {
      problems.push({ code: 'FOREIGN_PROCESS', ...(p.id ? { elementId: p.id } : {}), message: `Process '${p.id ?? '(no id)'}' is not one of pack '${pack.name}'${owner ? ` (it belongs to '${owner.name}')` : ''}: the designer changes only the processes of the pack it opened.`, hint: `remove it, or give it the id of a process of '${pack.name}'.` });
    }
  }
  const checked = checkDefinitions(parsed.definitions, { calendars: ctx.calendars, lineOf: parsed.lineOf, ...(pack.deploy.roles ? { roles: pack.deploy.roles } : {}), ...(pack.deploy.sla ? { sla: pack.deploy.sla } : {}) });
  problems.push(...checked.problems);
  warnings.push(...checked.warnings);
  return { problems, warnings };
}

/**
 * Where the package's files are on disk, for Node hosts and tools: the element templates
 * (Camunda 7 and Camunda 8) and the Camunda Modeler plugin folder. Plain Node (ESM and
 * CommonJS); no bundler needed.
 *
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's root folder (`src/` in the workspace and `dist/` in the tarball are one level below it). */
const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Camunda flavours the element templates are written for. */
export type TemplateFlavour = 'camunda7' | 'camunda8';

/**
 * The folder holding the Camunda Modeler plugin (`index.js`, `calendars.json`,
 * `dist/client.js`): copy it to Camunda Modeler's `resources/plugins/handoff/`.
 */
export const camundaModelerPluginDir: string = join(ROOT, 'camunda-modeler-plugin');

/** The folder of the element templates for a flavour: copy its files to Camunda Modeler's `resources/element-templates/`. */
export function elementTemplatesDir(flavour: TemplateFlavour): string {
  if (flavour !== 'camunda7' && flavour !== 'camunda8') throw new TypeError(`Unknown element-template flavour '${String(flavour)}': use 'camunda7' or 'camunda8'.`);
  return join(ROOT, 'element-templates', flavour);
}

/** One element template file: its path and its parsed JSON. */
export interface ElementTemplateFile {
  path: string;
  template: { id: string; name: string; appliesTo: string[]; properties: unknown[]; [key: string]: unknown };
}

/**
 * The element templates of a flavour ("SLA-tracked user task", "SLA boundary timer"), read
 * from the package: e.g. to serve them to a web modeler's element-templates module.
 */
export function elementTemplates(flavour: TemplateFlavour): ElementTemplateFile[] {
  const dir = elementTemplatesDir(flavour);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ path: join(dir, f), template: JSON.parse(readFileSync(join(dir, f), 'utf8')) as ElementTemplateFile['template'] }));
}

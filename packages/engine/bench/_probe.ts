import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { Engine } from 'bpmn-engine';

const req = createRequire(createRequire(import.meta.url).resolve('bpmn-engine'));
const pkgRoot = (name: string) => { let d = dirname(req.resolve(name)); while (!d.endsWith('/' + name)) d = dirname(d); return d; };
const Elements = await import(pathToFileURL(join(pkgRoot('bpmn-elements'), 'src/index.js')).href);
const mcs = await import(pathToFileURL(join(pkgRoot('moddle-context-serializer'), 'src/index.js')).href);
const BpmnModdle = (await import(pathToFileURL(join(pkgRoot('bpmn-moddle'), 'dist/index.js')).href).catch(()=>null));
console.log(Object.keys(mcs), BpmnModdle && Object.keys(BpmnModdle));

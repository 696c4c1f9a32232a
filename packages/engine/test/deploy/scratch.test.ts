import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
import { createEngine, DeployError } from '../../src/index';
const dir = join(import.meta.dirname, '../fixtures/deploy/refusals');
it('scratch', async () => {
  for (const f of readdirSync(dir).sort()) {
    const e = createEngine();
    try { await e.deploy({ bpmn: readFileSync(join(dir, f), 'utf8') }); console.log(f, 'DEPLOYED'); }
    catch (err) { console.log(f, (err as DeployError).problems?.map((p) => `${p.code} ${p.elementId} ${p.elementType} L${p.line} | ${p.message}`).join('\n   ') ?? err); }
  }
});

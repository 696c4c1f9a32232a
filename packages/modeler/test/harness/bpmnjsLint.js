// A web host linting with bpmn-js-bpmnlint and Handoff's packed rules (handoffLintConfig),
// bundled by the test with esbuild (conditions: @handoff/source).
import Modeler from 'bpmn-js/lib/Modeler';
import lintModule from 'bpmn-js-bpmnlint';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { HandoffPropertiesProviderModule, moddleDescriptor } from '../../src/properties-panel';
import { handoffLintConfig } from '../../src/lint';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';

window.openModeler = async (xml, calendars) => {
  const modeler = new Modeler({
    container: '#canvas',
    propertiesPanel: { parent: '#panel' },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, HandoffPropertiesProviderModule, lintModule],
    moddleExtensions: { zeebe, handoff: moddleDescriptor }, // the pack is a Camunda 8 file
    handoff: { calendars },
    linting: { bpmnlint: handoffLintConfig({ calendars }), active: true },
  });
  window.lintRuns = [];
  modeler.get('eventBus').on('linting.completed', ({ issues }) => window.lintRuns.push(issues));
  const { warnings } = await modeler.importXML(xml);
  window.modeler = modeler;
  return warnings.map((w) => w.message);
};
window.select = (id) => {
  const element = window.modeler.get('elementRegistry').get(id);
  window.modeler.get('selection').select(element);
  return !!element;
};
window.focusOn = (id) => {
  const canvas = window.modeler.get('canvas');
  canvas.zoom(1);
  canvas.scrollToElement(window.modeler.get('elementRegistry').get(id), { top: 200, left: 300, right: 300, bottom: 200 });
};

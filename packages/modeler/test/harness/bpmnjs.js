// A web host embedding bpmn-js's Modeler with the properties panel and Handoff's provider,
// bundled by the test with esbuild (conditions: @handoff/source).
import Modeler from 'bpmn-js/lib/Modeler';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule } from 'bpmn-js-properties-panel';
import { HandoffPropertiesProviderModule, moddleDescriptor } from '../../src/properties-panel';

window.openModeler = async (xml, calendars) => {
  const modeler = new Modeler({
    container: '#canvas',
    propertiesPanel: { parent: '#panel' },
    additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, HandoffPropertiesProviderModule],
    moddleExtensions: { handoff: moddleDescriptor },
    handoff: { calendars },
  });
  const { warnings } = await modeler.importXML(xml);
  window.modeler = modeler;
  return warnings.map((w) => w.message);
};
window.reimport = async (xml) => (await window.modeler.importXML(xml)).warnings.map((w) => w.message);
window.select = (id) => {
  const element = window.modeler.get('elementRegistry').get(id);
  window.modeler.get('selection').select(element);
  return !!element;
};
window.saveXML = async () => (await window.modeler.saveXML({ format: true })).xml;

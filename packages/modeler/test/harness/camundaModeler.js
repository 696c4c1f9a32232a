// A Camunda-Modeler-like host: it exposes its properties-panel libraries as
// window.vendor.propertiesPanel (as Camunda Modeler 5 does for plugins), loads plugin
// scripts that push to window.plugins, then builds its Modeler from the registrations.
import Modeler from 'bpmn-js/lib/Modeler';
import * as bpmnPanel from 'bpmn-js-properties-panel';
import * as common from '@bpmn-io/properties-panel';
import * as preact from '@bpmn-io/properties-panel/preact';
import * as hooks from '@bpmn-io/properties-panel/preact/hooks';

window.vendor = { propertiesPanel: { bpmn: bpmnPanel, common, preact: { root: preact, hooks } } };
window.plugins = [];
window.openModeler = async (xml) => {
  const of = (type) => window.plugins.filter((p) => p.type === type).map((p) => p.plugin);
  const moddleExtensions = Object.fromEntries(of('bpmn.modeler.moddleExtension').map((d) => [d.prefix, d]));
  const modeler = new Modeler({
    container: '#canvas',
    propertiesPanel: { parent: '#panel' },
    additionalModules: [bpmnPanel.BpmnPropertiesPanelModule, bpmnPanel.BpmnPropertiesProviderModule, ...of('bpmn.modeler.additionalModules')],
    moddleExtensions,
  });
  const { warnings } = await modeler.importXML(xml);
  window.modeler = modeler;
  return { warnings: warnings.map((w) => w.message), registered: window.plugins.map((p) => p.type) };
};
window.select = (id) => {
  const element = window.modeler.get('elementRegistry').get(id);
  window.modeler.get('selection').select(element);
  return !!element;
};
window.saveXML = async () => (await window.modeler.saveXML({ format: true })).xml;

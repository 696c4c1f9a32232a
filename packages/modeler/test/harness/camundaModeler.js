// A Camunda-Modeler-like host: it exposes its properties-panel libraries as
// window.vendor.propertiesPanel (as Camunda Modeler 5 does for plugins), loads plugin
// scripts that push to window.plugins, then builds its Modeler from the registrations.
import Modeler from 'bpmn-js/lib/Modeler';
import * as bpmnPanel from 'bpmn-js-properties-panel';
import * as common from '@bpmn-io/properties-panel';
import * as preact from '@bpmn-io/properties-panel/preact';
import * as hooks from '@bpmn-io/properties-panel/preact/hooks';
import { Linter } from '@camunda/linting';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json';
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json';

window.vendor = { propertiesPanel: { bpmn: bpmnPanel, common, preact: { root: preact, hooks } } };
window.plugins = [];
// Camunda Modeler's Camunda 8 tabs know zeebe:, its Camunda 7 tabs camunda: (never both in one modeler).
window.openModeler = async (xml) => {
  const platform = /modeler:executionPlatform="Camunda Platform"/.test(xml) ? { camunda } : { zeebe };
  const of = (type) => window.plugins.filter((p) => p.type === type).map((p) => p.plugin);
  const moddleExtensions = Object.fromEntries(of('bpmn.modeler.moddleExtension').map((d) => [d.prefix, d]));
  const modeler = new Modeler({
    container: '#canvas',
    propertiesPanel: { parent: '#panel' },
    additionalModules: [bpmnPanel.BpmnPropertiesPanelModule, bpmnPanel.BpmnPropertiesProviderModule, ...of('bpmn.modeler.additionalModules')],
    moddleExtensions: { ...platform, ...moddleExtensions },
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
// Camunda Modeler's linter: @camunda/linting with the client plugins of type lintRules.<tab type>
// ('bpmn' for Camunda 7 diagrams, 'cloud-bpmn' for Camunda 8), over the modeler's own tree.
window.lint = async (tabType) => {
  const plugins = window.plugins.filter((p) => p.type === `lintRules.${tabType}`).map((p) => p.plugin);
  const linter = new Linter({ modeler: 'desktop', plugins, type: tabType === 'cloud-bpmn' ? 'cloud' : 'platform' });
  return (await linter.lint(window.modeler.getDefinitions())).map((r) => ({ id: r.id, rule: r.rule, category: r.category, message: r.message }));
};

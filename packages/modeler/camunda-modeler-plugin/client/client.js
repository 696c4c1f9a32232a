/**
 * The plugin's client entry (bundled to ../dist/client.js): registers the handoff moddle
 * descriptor and the properties provider with Camunda Modeler (Camunda 7 and 8 flavours),
 * the calendar names of ../calendars.json for the calendar picklist, and
 * bpmnlint-plugin-handoff's rules for Camunda Modeler's linter (`lintRules.bpmn` for
 * Camunda 7 diagrams, `lintRules.cloud-bpmn` for Camunda 8: the linter adds them to its own).
 */
import { registerBpmnJSModdleExtension, registerBpmnJSPlugin, registerClientPlugin } from 'camunda-modeler-plugin-helpers';
import { moddleDescriptor, HandoffPropertiesProviderModule, calendarNames } from '../../src/properties-panel';
import { handoffLintConfig } from '../../src/lint';
import calendars from '../calendars.json';

const names = calendarNames(calendars);
registerBpmnJSModdleExtension(moddleDescriptor);
registerBpmnJSPlugin({
  ...HandoffPropertiesProviderModule,
  handoffCalendars: ['value', names],
});
const lintRules = handoffLintConfig({ calendars: names });
registerClientPlugin(lintRules, 'lintRules.bpmn');
registerClientPlugin(lintRules, 'lintRules.cloud-bpmn');

/**
 * The plugin's client entry (bundled to ../dist/client.js): registers the handoff moddle
 * descriptor and the properties provider with Camunda Modeler (Camunda 7 and 8 flavours),
 * and the calendar names of ../calendars.json for the calendar picklist.
 */
import { registerBpmnJSModdleExtension, registerBpmnJSPlugin } from 'camunda-modeler-plugin-helpers';
import { moddleDescriptor, HandoffPropertiesProviderModule, calendarNames } from '../../src/properties-panel';
import calendars from '../calendars.json';

registerBpmnJSModdleExtension(moddleDescriptor);
registerBpmnJSPlugin({
  ...HandoffPropertiesProviderModule,
  handoffCalendars: ['value', calendarNames(calendars)],
});

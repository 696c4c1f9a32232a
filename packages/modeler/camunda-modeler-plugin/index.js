'use strict';

/**
 * Handoff's Camunda Modeler plugin: the `handoff` moddle extension (so handoff:sla,
 * handoff:slaWarning and handoff:calendar survive a save) and the "Handoff" properties group.
 * Copy this folder to Camunda Modeler's `resources/plugins/handoff` (see ../README.md).
 */
module.exports = {
  name: 'Handoff',
  script: './dist/client.js',
};

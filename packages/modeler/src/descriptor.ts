/**
 * The `handoff` moddle descriptor (`http://handoff.dev/schema/bpmn/1.0`): `handoff:sla`,
 * `handoff:slaWarning` and `handoff:slaEscalateTo` on boundary events, `handoff:calendar` on timer definitions. The
 * engine's own file (`@handoff/engine/moddle/handoff.json`), re-exported, so the modeler
 * and the engine read the same attributes.
 *
 * @module
 */
import descriptor from '@handoff/engine/moddle/handoff.json' with { type: 'json' };

/** The descriptor for bpmn-js `moddleExtensions: { handoff: moddleDescriptor }`. */
export const moddleDescriptor = descriptor;

/**
 * History retention as the stores see it: an ended instance with a time to live gets one
 * timer of kind `retention`, id `<instanceId>/retention`, due when its history may go.
 * `Store.purgeInstances` removes the instances whose retention timer is due, with
 * everything they own. See docs/retention.md.
 *
 * @module
 */

/** The id of an instance's retention timer. */
export function retentionTimerId(instanceId: string): string {
  return `${instanceId}/retention`;
}

/**
 * `retention-win-back` in the tasklist: the marketing team starts a round (IT support's list
 * task opens), the 10000 hotline records an application with its work number.
 *
 * @module
 */
import { applicationSchema, applyOnHotline, campaignSchema, createRetentionPack, retentionCalendar, startCampaign } from '@handoff/pack-retention-win-back';
import type { PackEntry } from '../catalog';

export const retentionWinBack = {
  calendars: () => [retentionCalendar()],
  pack(): PackEntry {
    const pack = createRetentionPack();
    return {
      name: 'retention-win-back',
      title: '派单式营销 高危客户挽留/离网客户赢回 Retention and win-back',
      deploy: pack,
      viewerRoles: [...Object.values(pack.roles)],
      actions: [
        {
          id: 'retention.startRound',
          pack: 'retention-win-back',
          title: 'Start a retention / win-back round (发起挽留/赢回)',
          roles: ['marketingTeam'],
          schema: campaignSchema,
          run: async (engine, input) => {
            const inst = await startCampaign(engine, input as never);
            return { instanceId: inst.id, message: `Round ${String(input.period)} started: IT support's list task is open.` };
          },
        },
        {
          id: 'retention.hotlineApplication',
          pack: 'retention-win-back',
          title: 'Record a 10000 application with its work number (10000号受理)',
          roles: ['hotline10000'],
          schema: applicationSchema,
          run: async (engine, input) => {
            const inst = await applyOnHotline(engine, input as never);
            return { instanceId: inst.id, message: `Application ${String(input.workNumber)} dispatched to the community manager ${String(input.communityManager)}.` };
          },
        },
      ],
    };
  },
};

/**
 * The channels of group business (one BPMN lane each) and which user task belongs to which.
 *
 * @module
 */

/** The lanes of the process, top to bottom; by default each lane grants the role of the same name. */
export const CHANNELS = ['accountManager', 'socialChannel', 'phoneAccountManager', 'website', 'serviceHall', 'groupHotline', 'experienceHall', 'operationsCenter'] as const;
/** A channel (lane id). */
export type Channel = (typeof CHANNELS)[number];

/** Channels that can capture an opportunity (contact channels): every channel but the back office. */
export const CONTACT_CHANNELS = ['accountManager', 'socialChannel', 'phoneAccountManager', 'website', 'serviceHall', 'groupHotline', 'experienceHall'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Contact channels that can complete some products themselves (keys of the product list). */
export const SELF_HANDLING_CHANNELS = ['website', 'serviceHall', 'groupHotline', 'phoneAccountManager'] as const;
export type SelfHandlingChannel = (typeof SELF_HANDLING_CHANNELS)[number];

/** Sales-service channels: they both sell and serve. */
export const SALES_SERVICE_CHANNELS = ['accountManager', 'socialChannel'] as const;
export type SalesServiceChannel = (typeof SALES_SERVICE_CHANNELS)[number];

/** Chinese channel names, as in the source and the lanes. */
export const CHANNEL_NAMES: Record<Channel, string> = {
  accountManager: '客户经理',
  socialChannel: '社会渠道(核心代理商)',
  phoneAccountManager: '电话客户经理',
  website: '网站',
  serviceHall: '服营厅',
  groupHotline: '集团热线',
  experienceHall: '体验厅',
  operationsCenter: '运营中心',
};

/** The user tasks of the process and the channel (lane) that works them. */
export const TASK_CHANNEL = {
  handleByPhoneManager: 'phoneAccountManager',
  handleOnWebsite: 'website',
  handleAtServiceHall: 'serviceHall',
  handleOnHotline: 'groupHotline',
  claimByAccountManager: 'accountManager',
  claimBySocialChannel: 'socialChannel',
  coverByPhoneManager: 'phoneAccountManager',
  followUpByAccountManager: 'accountManager',
  followUpBySocialChannel: 'socialChannel',
  dispatchByOperations: 'operationsCenter',
} as const satisfies Record<string, Channel>;
export type TaskId = keyof typeof TASK_CHANNEL;

/**
 * The lanes of the hotline marketing process, the service channels a product can be
 * completed in, and the four marketing types.
 *
 * @module
 */

/** The lanes, top to bottom; by default each lane grants the role of the same name. */
export const LANES = ['dataAnalysis', 'hotlineAgent', 'ivr', 'smsHall', 'appHall', 'webHall', 'businessReview'] as const;
/** A lane id. */
export type Lane = (typeof LANES)[number];

/** Chinese lane names, as in the source and the diagram. */
export const LANE_NAMES: Record<Lane, string> = {
  dataAnalysis: '数据分析团队(CRM)',
  hotlineAgent: '10086人工服务(话务员)',
  ivr: 'IVR自助语音',
  smsHall: '短信营业厅',
  appHall: '掌上营业厅',
  webHall: '网上营业厅',
  businessReview: '业务审核团队',
};

/**
 * Where a product can be completed: by the hotline agent on the call (or booked online by
 * the agent), or in one of the four self-service channels the agent recommends.
 */
export const SERVICE_CHANNELS = ['hotline', 'ivr', 'sms', 'app', 'web'] as const;
export type ServiceChannel = (typeof SERVICE_CHANNELS)[number];

/** The channels the agent recommends to (the report's recommended / succeeded columns). */
export const RECOMMENDATION_CHANNELS = ['ivr', 'sms', 'app', 'web'] as const;
export type RecommendationChannel = (typeof RECOMMENDATION_CHANNELS)[number];

/** What the routing table returns: a channel, or `none` when no channel can complete the product. */
export type RouteChannel = ServiceChannel | 'none';

/** Chinese channel names (the report's column heads). */
export const CHANNEL_NAMES: Record<RouteChannel, string> = {
  hotline: '人工台',
  ivr: 'IVR',
  sms: '短厅',
  app: '掌厅',
  web: '网厅',
  none: '无渠道可办理',
};

/** The lane of each recommendation channel's order step. */
export const CHANNEL_LANE: Record<RecommendationChannel, Lane> = { ivr: 'ivr', sms: 'smsHall', app: 'appHall', web: 'webHall' };

/**
 * The four marketing types of the source (热线人工营销的四种类型):
 * - `service` 服务营销: the customer asks to buy (客户主动要求办理);
 * - `crossSell` 交叉营销: a product that solves the problem the customer called about (解决客户的问题);
 * - `precision` 精准营销: the CRM recommends it for this customer (客户关系营销及CRM能力);
 * - `active` 主动营销: the agent recommends a key product (为客户主动推荐重点业务).
 */
export const MARKETING_TYPES = ['service', 'crossSell', 'precision', 'active'] as const;
export type MarketingType = (typeof MARKETING_TYPES)[number];

/** Chinese names of the marketing types. */
export const MARKETING_TYPE_NAMES: Record<MarketingType, string> = { service: '服务营销', crossSell: '交叉营销', precision: '精准营销', active: '主动营销' };

/** What the customer called about (客户服务请求节点). */
export const REQUEST_KINDS = ['order', 'consult', 'query', 'complaint', 'fault'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

/**
 * What a product is like, for the channel fit of the source: the SMS hall suits simple
 * business, the app hall simple data / internet business, the web hall content-heavy business
 * customers understand easily; `complex` business needs an agent's explanation.
 */
export const PROFILES = ['simple', 'data', 'content', 'complex'] as const;
export type Profile = (typeof PROFILES)[number];

/** The three kinds of item in the source's list: 业务 (product), 资费 (tariff), 营销活动 (campaign). */
export const ITEM_KINDS = ['product', 'tariff', 'campaign'] as const;
export type ItemKind = (typeof ITEM_KINDS)[number];

/** The user tasks of the process and their lanes. */
export const TASK_LANE = {
  handleRequest: 'hotlineAgent',
  completeOnHotline: 'hotlineAgent',
  raiseRequirement: 'businessReview',
} as const satisfies Record<string, Lane>;
export type TaskId = keyof typeof TASK_LANE;

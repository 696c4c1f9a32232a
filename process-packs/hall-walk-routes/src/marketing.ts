/**
 * The greeter's six-step terminal marketing (导购终端营销六步法). The source names the method
 * but does not list its steps; these six are the pack's own, written from the source's
 * description of the greeter's duties (watch and analyse the customer's behaviour, find the
 * selling point, let the customer experience the device, close the sale).
 *
 * @module
 */

/** The six steps, in order: id, Chinese name, what the greeter does. */
export const TERMINAL_MARKETING_STEPS = [
  { id: 'greet', name: '热情迎接', does: 'greet the customer at the theme zone and open a conversation' },
  { id: 'discover', name: '了解需求', does: 'ask about usage and budget; read the spending tier on the tablet' },
  { id: 'demonstrate', name: '体验演示', does: 'put the device in the customer\'s hands and demonstrate the features that match the need' },
  { id: 'recommend', name: '推荐套餐', does: 'recommend a device and plan bundle fitting the tier (the routing table\'s offer)' },
  { id: 'handleObjections', name: '异议处理', does: 'answer doubts on price, contract and quality' },
  { id: 'close', name: '促成交易', does: 'ask for the decision and walk the customer to the counter for contract and payment' },
] as const;

/** A step id of the six-step method. */
export type TerminalMarketingStep = (typeof TERMINAL_MARKETING_STEPS)[number]['id'];

/**
 * The demo directory: the people who may sign in, and the roles each holds. A real host
 * reads these from its identity provider; what matters here is that the **server** decides
 * the roles (the browser only ever sends a person's id to sign in, never a role).
 *
 * Roles are the packs' lane roles (`hotline`, `installer`, `accountManager`, …), their
 * candidate groups (`grid:G01`), the supervisors their SLA escalations notify, and the
 * process analyst who changes the processes in the designer (`processAnalyst`).
 *
 * @module
 */
import type { Actor } from '@handoff/engine';

/** A person of the demo directory. */
export interface Person {
  /** The actor id the engine records (`task.assignee`, `completedBy`). */
  id: string;
  name: string;
  /** What the person does, shown beside the name. */
  title: string;
  roles: readonly string[];
}

/** The people, one or more per lane of the deployed packs. */
export const PEOPLE: readonly Person[] = [
  // broadband-field-sales (三岗协同宽带行销)
  { id: 'ana', name: 'Ana 安娜', title: 'Field sales rep, grid G01 (行销员)', roles: ['grid:G01'] },
  { id: 'bo', name: 'Bo 薄', title: 'Hotline agent (热线员)', roles: ['hotline'] },
  { id: 'chen', name: 'Chen 陈', title: 'Hotline supervisor', roles: ['hotline', 'hotlineSupervisor'] },
  { id: 'dai', name: 'Dai 戴', title: 'Installer (装维人员)', roles: ['installer'] },
  { id: 'fang', name: 'Fang 方', title: 'Business hall clerk (营业厅)', roles: ['hall', 'serviceHall'] },
  { id: 'gao', name: 'Gao 高', title: 'Field sales supervisor, all grids', roles: ['fieldSales', 'fieldSalesSupervisor', 'hallSupervisor'] },
  // group-opportunity-transfer (集团业务商机转移)
  { id: 'he', name: 'He 何', title: 'Account manager (客户经理)', roles: ['accountManager'] },
  { id: 'jin', name: 'Jin 金', title: 'Telephone account manager (电话客户经理)', roles: ['phoneAccountManager'] },
  { id: 'kong', name: 'Kong 孔', title: 'Core agent, social channel (社会渠道)', roles: ['socialChannel'] },
  { id: 'lu', name: 'Lu 陆', title: 'Operations center (运营中心)', roles: ['operationsCenter'] },
  { id: 'ma', name: 'Ma 马', title: 'Group hotline (集团热线)', roles: ['groupHotline', 'website', 'experienceHall'] },
  // hall-walk-routes (营业厅客户行走路径)
  { id: 'qi', name: 'Qi 齐', title: 'Greeter (导购员)', roles: ['greeter'] },
  { id: 'ren', name: 'Ren 任', title: 'Counter clerk (营业员)', roles: ['counter'] },
  { id: 'su', name: 'Su 苏', title: 'Self-service assistant (自助服务区)', roles: ['selfService'] },
  { id: 'tang', name: 'Tang 唐', title: 'Duty manager (值班经理)', roles: ['hallManager'] },
  // retention-win-back (派单式营销 / 社区经理与10000号)
  { id: 'wei', name: 'Wei 魏', title: 'Marketing team (营销班)', roles: ['marketingTeam'] },
  { id: 'xu', name: 'Xu 徐', title: 'IT support (IT支撑)', roles: ['itSupport'] },
  { id: 'cm-li', name: 'Li 李', title: 'Community manager, SQ01 (社区经理)', roles: ['community:SQ01'] },
  { id: 'yan', name: 'Yan 严', title: '10000 hotline (10000号)', roles: ['hotline10000'] },
  // hotline-service-marketing (热线人工服务营销)
  { id: 'hu', name: 'Hu 胡', title: '10086 agent (话务员)', roles: ['hotlineAgent'] },
  { id: 'luo', name: 'Luo 罗', title: 'Data analysis team, CRM (数据分析团队)', roles: ['dataAnalysis'] },
  { id: 'dong', name: 'Dong 董', title: 'Business review team (业务审核团队)', roles: ['businessReview'] },
  { id: 'zhu', name: 'Zhu 朱', title: 'Electronic channels (IVR, 短厅, 掌厅, 网厅)', roles: ['ivr', 'smsHall', 'appHall', 'webHall'] },
  // the processes themselves: changes them in the designer and deploys new versions
  { id: 'wu', name: 'Wu 吴', title: 'Process analyst (流程分析师)', roles: ['processAnalyst'] },
];

/** The person with this id, or undefined. */
export function findPerson(id: unknown, people: readonly Person[] = PEOPLE): Person | undefined {
  return typeof id === 'string' ? people.find((p) => p.id === id) : undefined;
}

/** The engine actor of a person. */
export function actorOf(person: Person): Actor {
  return { id: person.id, roles: person.roles };
}

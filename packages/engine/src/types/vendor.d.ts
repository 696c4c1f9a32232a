// Libraries without usable type declarations for the versions we use (see ECOSYSTEM.md).
declare module 'bpmn-moddle' {
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<unknown>;
  }
}

declare module 'dmn-moddle' {
  export class DmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<unknown>;
  }
}

declare module '@bpmn-io/dmn-migrate' {
  /** Migrate DMN 1.1 / 1.2 XML to DMN 1.3 (other XML comes back unchanged). */
  export function migrateDiagram(xml: string): Promise<string>;
}

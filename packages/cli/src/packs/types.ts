/**
 * What the CLI needs from a process pack to simulate it and report on it.
 *
 * @module
 */
import type { BusinessCalendar, Engine, Store, VirtualClock } from '@handoff/engine';
import type { SimulationSummary } from '@handoff/simulator';

/** One BPMN process of a pack (for the HTML report's diagrams). */
export interface PackProcess {
  processId: string;
  /** BPMN XML as deployed. */
  bpmn: string;
}

/** A pack's own KPI report: text lines for the terminal and the data for `--json`. */
export interface PackKpis {
  title: string;
  lines: string[];
  data: unknown;
  /** Tables the HTML report shows under the lines (a pack's own report, e.g. per agent and day). */
  tables?: PackTable[];
}

/** A table of a pack's report, for the HTML report. */
export interface PackTable {
  caption: string;
  head: string[];
  rows: (string | number)[][];
}

/** How one simulation run is asked for. */
export interface PackRunOptions {
  engine: Engine;
  clock: VirtualClock;
  seed: number;
  /** Days of arrivals. */
  days: number;
  /** Stop arrivals after this many cases. */
  maxCases?: number;
  /** The pack's scenario (packs with several). */
  scenario?: string;
}

/** How a {@link RegisteredPack.standalone} run is asked for. */
export interface StandaloneRunOptions {
  seed: number;
  /** Days to simulate (at most, when `cases` is given). */
  days: number;
  /** Stop after this many cases. */
  cases?: number;
  scenario?: string;
  /** The store every day runs on (memory or durable); not closed by the pack. */
  store: Store;
  /** Progress (0..1), the cases started so far, and the virtual time reached. */
  onProgress?(fraction: number, cases: number, at: number): void;
}

/** A pack the CLI can simulate, by name. */
export interface RegisteredPack {
  /** `handoff simulate <name>`. */
  name: string;
  /** One line: what a run simulates. */
  title: string;
  /** Default `--days`. */
  defaultDays: number;
  /** The first instant of a run (the pack's source period), and its zone. */
  start: string;
  zone: string;
  /** Scenario names, when the pack has several (each is its own run); the first is the default. */
  scenarios?: readonly string[];
  /** Business calendars the pack's processes name. */
  calendars(): BusinessCalendar[];
  /** Deploy the pack on an engine whose clock is `clock` (host-side handlers simulated). */
  deploy(engine: Engine, clock: VirtualClock): Promise<void>;
  /** The processes, with the XML deployed. */
  processes(): PackProcess[];
  /** Run the pack's simulation profile on the engine. */
  run?(options: PackRunOptions): Promise<SimulationSummary>;
  /**
   * For packs whose simulation builds its own engine per run (the hall day: resource pools
   * sized by the scenario): simulate `days` days (or until `cases` cases) on `store` — one
   * engine per day, every day kept in the store — and return the range of the cases started
   * and the pack's own report of the run. The CLI then reads the SLA report from the store.
   */
  standalone?(options: StandaloneRunOptions): Promise<{ range: { from: number; to: number }; kpis: PackKpis }>;
  /** The pack's KPI report over the cases started in `[from, to)`. */
  kpis(engine: Engine, range: { from: number; to: number }): Promise<PackKpis>;
}

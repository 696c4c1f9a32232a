/**
 * Task reads by instance, grouped like commits: the `tasks.query({ instanceId, … })` calls
 * made in one event-loop turn (a tasklist's clients, each after its own command) leave as one
 * statement (`WHERE instance_id = ANY($1)`), and each call gets its instance's tasks back,
 * filtered with `matchesTaskQuery` — the same filter the SQL of a lone query expresses (the
 * store's property test checks both against a full scan). A read still sees every commit
 * that resolved before it was called: the statement is sent after the calls.
 *
 * @module
 */
import { matchesTaskQuery, type TaskQuery, type TaskRecord } from '@handoff/engine';

type Run = <R>(text: string, params?: unknown[]) => Promise<R[]>;

interface Pending {
  query: TaskQuery;
  resolve: (tasks: TaskRecord[]) => void;
  reject: (err: unknown) => void;
}

/** Can this query be answered from its instance's tasks alone (no page, no order but the default)? */
export function groupable(q: TaskQuery): q is TaskQuery & { instanceId: string } {
  return q.instanceId !== undefined && q.limit === undefined && q.offset === undefined && q.sort === undefined;
}

export class TaskReads {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(private readonly run: Run) {}

  /** The tasks matching `q` (groupable), in the default order. */
  query(q: TaskQuery & { instanceId: string }): Promise<TaskRecord[]> {
    return new Promise((resolve, reject) => {
      this.pending.push({ query: q, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    try {
      const ids = [...new Set(batch.map((p) => p.query.instanceId!))];
      const rows =
        ids.length === 1
          ? await this.run<{ record: TaskRecord }>('SELECT record FROM handoff_tasks WHERE instance_id = $1 ORDER BY seq', [ids[0]])
          : await this.run<{ record: TaskRecord }>('SELECT record FROM handoff_tasks WHERE instance_id = ANY($1::text[]) ORDER BY seq', [ids]);
      const byInstance = new Map<string, TaskRecord[]>();
      for (const { record } of rows) {
        let list = byInstance.get(record.instanceId);
        if (!list) byInstance.set(record.instanceId, (list = []));
        list.push(record);
      }
      for (const p of batch) p.resolve((byInstance.get(p.query.instanceId!) ?? []).filter((t) => matchesTaskQuery(t, p.query)));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }
}

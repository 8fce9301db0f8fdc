/** The reads asked for in one turn of the event loop under one key (a date and a statement shape). */
interface Group<P, I, R> {
  params: P;
  items: Set<I>;
  settle: (read: Promise<Map<I, R>>) => void;
  result: Promise<Map<I, R>>;
}

/**
 * Single checks that arrive in the same turn of the event loop (every request whose bytes were read in one poll
 * phase) share one statement. Under load this saves a database round trip — its socket write and the backend's
 * wake-up, the largest parts of a check's CPU (docs/checks.md § Performance) — for every check but one in the turn.
 *
 * It never serves an answer read before the request arrived: the statement is sent by a `setImmediate` that runs after
 * the I/O callbacks of this turn, so after every request in the group was received, and a verdict never lags a
 * decision committed before the request (DOMAIN.md §8). Written by hand because what it batches is one turn of the
 * event loop, nothing longer: the data-loader libraries batch by a tick or a timer and cache, neither of which a
 * check may do.
 */
export class TurnBatch<P, I, R> {
  private pending = new Map<string, Group<P, I, R>>();

  /** `read` gets every item asked for under one key in the turn and answers a map; items it does not know are absent. */
  constructor(private readonly read: (items: I[], params: P) => Promise<Map<I, R>>) {}

  /** The map answered for the whole group that `items` joined under `key` (the caller picks its own entries). */
  add(key: string, params: P, items: readonly I[]): Promise<Map<I, R>> {
    let group = this.pending.get(key);
    if (!group) {
      let settle!: Group<P, I, R>['settle'];
      const result = new Promise<Map<I, R>>((resolve) => (settle = resolve));
      group = { params, items: new Set(), settle, result };
      if (this.pending.size === 0) setImmediate(() => this.drain());
      this.pending.set(key, group);
    }
    for (const item of items) group.items.add(item);
    return group.result;
  }

  private drain(): void {
    const groups = this.pending;
    this.pending = new Map();
    for (const g of groups.values()) g.settle(this.read([...g.items], g.params));
  }
}

/**
 * Metrics on the hot path (every request, every check) that cost a number increment and nothing else: prom-client's
 * own labelled metrics hash their labels into a new string on every call, which is an allocation per request. These
 * keep a cell per label combination in nested Maps (allocated once, the first time a combination is seen) and hand
 * prom-client the values only when Prometheus scrapes (`get()`, the custom-metric interface of Registry).
 */
interface MetricValue {
  metricName?: string;
  labels: Record<string, string | number>;
  value: number;
}

interface PromMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): { name: string; help: string; type: string; values: MetricValue[]; aggregator: 'sum' };
  reset(): void;
}

/** A counter over two labels. `cell(a, b).n++` is the whole cost of counting. */
export class TwoLabelCounter implements PromMetric {
  readonly type = 'counter' as const;
  readonly aggregator = 'sum' as const;
  private readonly cells = new Map<string, Map<string, { n: number }>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly labelNames: readonly [string, string],
  ) {}

  inc(a: string, b: string): void {
    let row = this.cells.get(a);
    if (!row) this.cells.set(a, (row = new Map<string, { n: number }>()));
    const cell = row.get(b);
    if (cell) cell.n++;
    else row.set(b, { n: 1 });
  }

  get() {
    const values: MetricValue[] = [];
    for (const [a, row] of this.cells)
      for (const [b, cell] of row) values.push({ labels: { [this.labelNames[0]]: a, [this.labelNames[1]]: b }, value: cell.n });
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.cells.clear();
  }
}

interface HistogramCell {
  buckets: Float64Array;
  sum: number;
  count: number;
}

/** Request durations by method, route (the route template, so bounded) and status. */
export class RequestHistogram implements PromMetric {
  readonly type = 'histogram' as const;
  readonly aggregator = 'sum' as const;
  private readonly cells = new Map<string, Map<string, Map<number, HistogramCell>>>();

  constructor(
    readonly name: string,
    readonly help: string,
    private readonly bounds: readonly number[],
  ) {}

  observe(method: string, route: string, status: number, seconds: number): void {
    let byRoute = this.cells.get(method);
    if (!byRoute) this.cells.set(method, (byRoute = new Map<string, Map<number, HistogramCell>>()));
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map<number, HistogramCell>()));
    let cell = byStatus.get(status);
    if (!cell) byStatus.set(status, (cell = { buckets: new Float64Array(this.bounds.length), sum: 0, count: 0 }));
    // Cumulative buckets (Prometheus `le`): one slot per bound, allocated with the cell.
    for (const [i, bound] of this.bounds.entries()) if (seconds <= bound) cell.buckets[i] = (cell.buckets[i] ?? 0) + 1;
    cell.sum += seconds;
    cell.count++;
  }

  get() {
    const values: MetricValue[] = [];
    for (const [method, byRoute] of this.cells) {
      for (const [route, byStatus] of byRoute) {
        for (const [status, cell] of byStatus) {
          const labels = { method, route, status };
          this.bounds.forEach((le, i) => values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le }, value: cell.buckets[i] ?? 0 }));
          values.push({ metricName: `${this.name}_bucket`, labels: { ...labels, le: '+Inf' }, value: cell.count });
          values.push({ metricName: `${this.name}_sum`, labels, value: cell.sum });
          values.push({ metricName: `${this.name}_count`, labels, value: cell.count });
        }
      }
    }
    return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
  }

  reset(): void {
    this.cells.clear();
  }
}

// Counts requests per route template, synchronously on arrival, so that the difference between two
// snapshots is exactly the requests that arrived in between.

export interface StatsSnapshot {
  requests: Record<string, number>;
  total: number;
  openFeeds: number;
}

export class RequestStats {
  private readonly counts = new Map<string, number>();
  private total = 0;

  count(route: string): void {
    this.counts.set(route, (this.counts.get(route) ?? 0) + 1);
    this.total += 1;
  }

  snapshot(openFeeds: number): StatsSnapshot {
    const keys = [...this.counts.keys()].sort();
    return {
      requests: Object.fromEntries(keys.map((key) => [key, this.counts.get(key) ?? 0])),
      total: this.total,
      openFeeds,
    };
  }
}

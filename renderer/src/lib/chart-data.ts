import type { SpendReport } from '../../../core/src/contract/ops/analytics.ts';

export interface ChartSeries {
  labels: string[];
  series: { agent: string; dollars: number[] }[];
}

const PALETTE = ['#3b82f6', '#f59e0b', '#10b981', '#ef4444', '#8b5cf6', '#06b6d4', '#ec4899', '#84cc16'];

export function seriesColour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** A bucket's label for the axis: "30 Mar" for a day, "14:00" for an hour (the report's own local time). */
export function bucketLabel(label: string): string {
  const hour = /T(\d{2}:\d{2})/.exec(label);
  if (hour) return hour[1]!;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(label);
  if (!day) return label;
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(day[2]) - 1];
  return `${Number(day[3])} ${month}`;
}

/**
 * One series per agent over every bucket of the report, empty buckets as 0 (the report lists them all, so no
 * time-zone arithmetic happens here). Agents are ordered by what they spent, most first.
 */
export function spendSeries(report: SpendReport): ChartSeries {
  const index = new Map(report.buckets.map((b, i) => [b.start, i]));
  const byAgent = new Map<string, number[]>();
  for (const row of report.rows) {
    if (row.bucketStart === undefined) continue;
    const i = index.get(row.bucketStart);
    if (i === undefined) continue;
    const agent = row.agent ?? '(unknown)';
    let values = byAgent.get(agent);
    if (!values) byAgent.set(agent, (values = report.buckets.map(() => 0)));
    values[i] = (values[i] ?? 0) + row.costMicros / 1e6;
  }
  const series = [...byAgent].map(([agent, dollars]) => ({ agent, dollars })).sort((a, b) => sum(b.dollars) - sum(a.dollars));
  return { labels: report.buckets.map((b) => bucketLabel(b.label)), series };
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}

/** One line of the benchmark report: our figure, the peer's, and the goal on their ratio. */
export interface BenchRow {
  name: string;
  ours: number;
  unit: string;
  peer?: { name: string; value: number };
  /** Goal on ours/peer (or on ours when there is no peer), e.g. { min: 0.5 } or { max: 200 }. */
  goal?: { min?: number; max?: number; on: 'ratio' | 'value' };
  note?: string;
}

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

/** Prints the rows as a table with ratios and whether each goal is met. */
export function printReport(rows: BenchRow[]): void {
  const lines = rows.map((r) => {
    const ratio = r.peer ? r.ours / r.peer.value : undefined;
    const judged = r.goal?.on === 'ratio' ? ratio : r.ours;
    const met = r.goal && judged !== undefined
      ? (r.goal.min === undefined || judged >= r.goal.min) && (r.goal.max === undefined || judged <= r.goal.max)
      : undefined;
    const goal = r.goal ? `${r.goal.on === 'ratio' ? 'ratio ' : ''}${r.goal.min !== undefined ? `≥ ${r.goal.min}` : `≤ ${r.goal.max}`}` : '';
    return [
      r.name,
      `${fmt(r.ours)} ${r.unit}`,
      r.peer ? `${fmt(r.peer.value)} ${r.unit} (${r.peer.name})` : '—',
      ratio !== undefined ? `${ratio.toFixed(2)}×` : '—',
      goal,
      met === undefined ? '' : met ? 'met' : 'NOT met',
      r.note ?? '',
    ];
  });
  const header = ['benchmark', 'ours', 'peer', 'ratio', 'goal', '', 'note'];
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ');
  console.log(`\n${row(header)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const l of lines) console.log(row(l));
}

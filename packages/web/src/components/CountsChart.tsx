/**
 * A bar chart of counts with its text alternative: the same figures as a caption screen readers read (and,
 * when asked, as a visible table). Long tails are folded into "other" so the chart stays legible on a laptop.
 */
import { BarChart } from '@mantine/charts';
import { Table, Text, VisuallyHidden } from '@mantine/core';
import { num } from '../format.ts';

export interface CountsChartProps {
  /** What is counted, for the caption: "Instances by modality". */
  readonly label: string;
  readonly rows: readonly (readonly [string, number])[];
  /** The counted unit, for the tooltip and the caption: "instances". */
  readonly unit: string;
  readonly color?: string;
  readonly maxBars?: number;
  /** Keep the given order (years, funnel stages) instead of largest first. */
  readonly keepOrder?: boolean;
  readonly withTable?: boolean;
  readonly height?: number;
}

export function foldTail(rows: readonly (readonly [string, number])[], maxBars: number, keepOrder: boolean): [string, number][] {
  const list = keepOrder ? [...rows] : [...rows].sort((a, b) => b[1] - a[1]);
  if (list.length <= maxBars) return list.map(([k, v]) => [k, v]);
  const kept = list.slice(0, maxBars - 1).map(([k, v]): [string, number] => [k, v]);
  const rest = list.slice(maxBars - 1).reduce((a, [, v]) => a + v, 0);
  return [...kept, [`other (${list.length - maxBars + 1})`, rest]];
}

export function CountsChart({ label, rows, unit, color = 'teal.8', maxBars = 10, keepOrder = false, withTable = false, height }: CountsChartProps) {
  if (rows.length === 0) return <Text size="sm" c="dimmed">{label}: nothing counted.</Text>;
  const shown = foldTail(rows, maxBars, keepOrder);
  const data = shown.map(([name, value]) => ({ name, [unit]: value }));
  const caption = `${label}: ${shown.map(([k, v]) => `${k} ${num(v)}`).join(', ')} ${unit}.`;
  const longest = Math.max(...shown.map(([k]) => k.length));
  return (
    <figure style={{ margin: 0 }}>
      <BarChart
        h={height ?? Math.max(120, shown.length * 30 + 40)}
        data={data}
        dataKey="name"
        orientation="vertical"
        series={[{ name: unit, color }]}
        gridAxis="none"
        valueFormatter={(v) => num(v)}
        yAxisProps={{ width: Math.min(240, Math.max(60, longest * 7 + 10)), interval: 0 }}
        tooltipAnimationDuration={0}
        barProps={{ isAnimationActive: false }}
        aria-hidden
        accessibilityLayer={false}
      />
      <VisuallyHidden component="figcaption">{caption}</VisuallyHidden>
      {withTable ? <CountsTable label={label} rows={rows} unit={unit} /> : null}
    </figure>
  );
}

export function CountsTable({ label, rows, unit }: { readonly label: string; readonly rows: readonly (readonly [string, number])[]; readonly unit: string }) {
  return (
    // Within its own box: a long label scrolls the table on a phone, never the page.
    <Table.ScrollContainer minWidth={260} mt="sm">
    <Table striped withTableBorder verticalSpacing={4} fz="sm">
      <Table.Caption>{label}</Table.Caption>
      <Table.Thead><Table.Tr><Table.Th scope="col">Value</Table.Th><Table.Th scope="col" ta="right">{unit}</Table.Th></Table.Tr></Table.Thead>
      <Table.Tbody>
        {rows.map(([k, v]) => <Table.Tr key={k}><Table.Td>{k}</Table.Td><Table.Td ta="right">{num(v)}</Table.Td></Table.Tr>)}
      </Table.Tbody>
    </Table>
    </Table.ScrollContainer>
  );
}

/**
 * A titled chart of counts with its numbers as a table behind a disclosure (a native <details>: Tab to it,
 * Enter opens it), so the page stays short and every figure stays readable without the chart.
 */
export function CountsFigure({ title, label, rows, unit, color, keepOrder = false }: {
  readonly title: string;
  readonly label: string;
  readonly rows: readonly (readonly [string, number])[];
  readonly unit: string;
  readonly color?: string;
  readonly keepOrder?: boolean;
}) {
  return (
    <div>
      <Text fw={600} size="sm" mb={4} component="h3">{title}</Text>
      <CountsChart label={label} rows={rows} unit={unit} keepOrder={keepOrder} maxBars={keepOrder ? 30 : 10} {...(color ? { color } : {})} />
      {rows.length > 0 ? (
        <details>
          <summary><Text span size="sm">Numbers: {label.toLowerCase()}</Text></summary>
          <CountsTable label={label} rows={rows} unit={unit} />
        </details>
      ) : null}
    </div>
  );
}

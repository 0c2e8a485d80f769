/**
 * How clinical rows were accounted for: read, kept, merged as duplicates, excluded by a check. One table shape
 * for the funnel's totals and the quality report's per-table figures, so both read the same way.
 */
import { Table } from '@mantine/core';
import { num } from '../format.ts';

export interface RowCounts {
  readonly label: string;
  readonly total: number;
  readonly kept: number;
  /** null where merging does not apply (patients). */
  readonly merged: number | null;
  readonly excluded: number;
}

export function RowCountsTable({ caption, first, rows }: { readonly caption: string; readonly first: string; readonly rows: readonly RowCounts[] }) {
  const cell = (n: number | null) => <Table.Td ta="right">{n === null ? '—' : num(n)}</Table.Td>;
  return (
    // Five columns do not fit a phone: the table scrolls within its own box, the page keeps the window's width.
    <Table.ScrollContainer minWidth={420}>
    <Table striped withTableBorder fz="sm" verticalSpacing={4}>
      <Table.Caption>{caption}</Table.Caption>
      <Table.Thead>
        <Table.Tr>
          <Table.Th scope="col">{first}</Table.Th>
          {['Total', 'Kept', 'Merged', 'Excluded'].map((h) => <Table.Th key={h} scope="col" ta="right">{h}</Table.Th>)}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r) => (
          <Table.Tr key={r.label}>
            <Table.Th scope="row" fw={500}>{r.label}</Table.Th>
            {cell(r.total)}{cell(r.kept)}{cell(r.merged)}{cell(r.excluded)}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
    </Table.ScrollContainer>
  );
}

/** A list of review items: each row leads to the item by its number (the only thing put in the URL). */
import { Anchor, Code, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { ReviewItem } from '../api/types.ts';
import { StateBadge } from '../components/StateBadge.tsx';
import { dateTime, num, words } from '../format.ts';

export function ReviewTable({ items, decided, caption }: { readonly items: readonly ReviewItem[]; readonly decided: boolean; readonly caption: string }) {
  if (items.length === 0) {
    return <Text size="sm" c="dimmed" py="sm">{decided ? 'No item has been decided yet.' : 'Nothing waits for review.'}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped highlightOnHover fz="sm" verticalSpacing="xs">
        <Table.Caption>{caption}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Item</Table.Th>
            <Table.Th scope="col">Study key</Table.Th>
            <Table.Th scope="col">Kind</Table.Th>
            <Table.Th scope="col" ta="right">Held</Table.Th>
            <Table.Th scope="col">Created</Table.Th>
            {decided ? <><Table.Th scope="col">Decision</Table.Th><Table.Th scope="col">Decided by</Table.Th><Table.Th scope="col">Decided</Table.Th></> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td><Anchor component={Link} to={`/review/${i.id}`}>Item {i.id}</Anchor></Table.Td>
              <Table.Td><Code title={i.study}>{i.study.length > 16 ? `${i.study.slice(0, 16)}…` : i.study}</Code></Table.Td>
              <Table.Td>{words(i.kind)}</Table.Td>
              <Table.Td ta="right">{num(i.held)}</Table.Td>
              <Table.Td>{dateTime(i.createdAt)}</Table.Td>
              {decided ? <><Table.Td><StateBadge state={i.status} /></Table.Td><Table.Td>{i.decidedBy ?? '—'}</Table.Td><Table.Td>{dateTime(i.decidedAt)}</Table.Td></> : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

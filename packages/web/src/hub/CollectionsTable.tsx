/**
 * The datasets that match, per node, each with a button to put it in (or take it out of) the cart: Lens's table
 * counts per node, the access request needs datasets.
 */
import { Button, Table, Text } from '@mantine/core';
import type { CartItem } from './cart.ts';
import { inCart } from './cart.ts';
import { formatCount, type CollectionRow } from './spot-codec.ts';

interface Props {
  readonly rows: readonly CollectionRow[];
  readonly cart: readonly CartItem[];
  readonly onAdd: (item: Omit<CartItem, 'addedAt'>) => void;
  readonly onRemove: (key: Pick<CartItem, 'site' | 'collectionId'>) => void;
}

export function CollectionsTable({ rows, cart, onAdd, onRemove }: Props) {
  if (rows.length === 0) return <Text size="sm">No node reported a matching dataset yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover aria-label="Matching datasets">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Dataset</Table.Th>
            <Table.Th scope="col">Node</Table.Th>
            <Table.Th scope="col" ta="right">Subjects</Table.Th>
            <Table.Th scope="col" ta="right">Studies</Table.Th>
            <Table.Th scope="col"><Text span size="sm" fw={700}>Cart</Text></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => {
            const key = { site: r.site, collectionId: r.id };
            const added = inCart(cart, key);
            return (
              <Table.Tr key={`${r.site}/${r.id}`}>
                <Table.Th scope="row" fw={500}>{r.name}</Table.Th>
                <Table.Td>{r.site}</Table.Td>
                <Table.Td ta="right">{formatCount(r.subjects)}</Table.Td>
                <Table.Td ta="right">{formatCount(r.studies)}</Table.Td>
                <Table.Td>
                  {added
                    ? <Button size="xs" variant="default" onClick={() => onRemove(key)} aria-label={`Remove ${r.name} (${r.site}) from the cart`}>Remove</Button>
                    : <Button size="xs" onClick={() => onAdd({ ...key, name: r.name })} aria-label={`Add ${r.name} (${r.site}) to the cart`}>Add to cart</Button>}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * The datasets a researcher collected from federated searches, by node, ready for an access request: "Request
 * access" turns them into a draft request at the hub (packages/web/src/access) for the committee, then each holder.
 */
import { Anchor, Button, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Empty } from '../components/EmptyState.tsx';
import { Page } from '../components/Page.tsx';
import { Section } from '../components/Section.tsx';
import { RequestAccessButton } from '../access/RequestAccessButton.tsx';
import { cartBySite } from './cart.ts';
import { useCart } from './use-cart.ts';

export function CartPage() {
  const { items, remove, clear } = useCart();
  return (
    <Page title="Cart" intro="Datasets you chose in the federated search, to request access to. The cart is kept in this browser."
      actions={items.length > 0 ? <Button variant="default" size="xs" onClick={clear}>Empty the cart</Button> : undefined}>
      {items.length === 0 ? (
        <Empty title="The cart is empty">Find datasets in the <Anchor component={Link} to="/search">federated search</Anchor> and add them with "Add to cart".</Empty>
      ) : (
        <Stack gap="lg">
          <Text size="sm" role="status">{items.length} dataset{items.length === 1 ? '' : 's'} at {cartBySite(items).length} node{cartBySite(items).length === 1 ? '' : 's'}.</Text>
          {cartBySite(items).map(([site, list]) => (
            <Section key={site} title={`Node ${site}`} level={2}>
              <Table aria-label={`Datasets at node ${site}`}>
                <Table.Thead><Table.Tr><Table.Th scope="col">Dataset</Table.Th><Table.Th scope="col">Id</Table.Th><Table.Th scope="col">Added</Table.Th><Table.Th scope="col"><Text span size="sm" fw={700}>Remove</Text></Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {list.map((i) => (
                    <Table.Tr key={i.collectionId}>
                      <Table.Th scope="row" fw={500}>{i.name}</Table.Th>
                      <Table.Td><Text size="sm" ff="monospace">{i.collectionId}</Text></Table.Td>
                      <Table.Td>{new Date(i.addedAt).toLocaleDateString('en-GB')}</Table.Td>
                      <Table.Td><Button size="xs" variant="default" onClick={() => remove(i)} aria-label={`Remove ${i.name} from the cart`}>Remove</Button></Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Section>
          ))}
          <Group align="flex-start" gap="md">
            <RequestAccessButton items={items} onCreated={clear} />
            <Text size="sm" c="dimmed" maw={520}>Creates one draft request for these datasets, grouped by node, and opens its application form. The cart is then emptied.</Text>
          </Group>
        </Stack>
      )}
    </Page>
  );
}

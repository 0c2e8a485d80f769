/**
 * The access requests a hub user deals with: a researcher's own, the access committee's (and operator's)
 * queue, a data holder's requests for their nodes' datasets. The hub picks the list by the caller's roles;
 * the page orders it (waiting for the committee first, newest first) and says what it is for.
 */
import { Anchor, Center, Group, Loader, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { dateTime } from '../format.ts';
import { useSession } from '../api/queries.ts';
import { Empty } from '../components/EmptyState.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useRequests } from './access-api.ts';
import { AccessBadge } from './AccessBadge.tsx';
import { accessRolesOf, requestsPerspective, sortRequests } from './request-lists.ts';

export function RequestsPage() {
  const session = useSession();
  const requests = useRequests();
  const roles = accessRolesOf(session.data);
  const { title, intro } = requestsPerspective(roles);
  const researcher = roles.includes('researcher');
  return (
    <Page title={title} intro={intro}>
      {requests.isPending ? <Center py="xl"><Loader aria-label="Loading the requests" /></Center> : null}
      {requests.isError ? <ProblemAlert error={requests.error} title="Could not load the requests" onRetry={() => void requests.refetch()} /> : null}
      {requests.data && requests.data.requests.length === 0 ? (
        <Empty title="No access request">
          {researcher ? <>Collect datasets in the <Anchor component={Link} to="/search">federated search</Anchor>, then use "Request access" in the <Anchor component={Link} to="/cart">cart</Anchor>.</> : 'Requests appear here once researchers submit them.'}
        </Empty>
      ) : null}
      {requests.data && requests.data.requests.length > 0 ? (
        <Table.ScrollContainer minWidth={760}>
          <Table striped highlightOnHover aria-label="Access requests">
            <Table.Thead><Table.Tr>
              <Table.Th scope="col">Request</Table.Th><Table.Th scope="col">State</Table.Th><Table.Th scope="col">Datasets by node</Table.Th>
              <Table.Th scope="col">Researcher</Table.Th><Table.Th scope="col">Last change</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {sortRequests(requests.data.requests).map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Th scope="row" fw={500}><Anchor component={Link} to={`/requests/${encodeURIComponent(r.id)}`}>{r.title || `Request ${r.id.slice(0, 8)}`}</Anchor></Table.Th>
                  <Table.Td><AccessBadge state={r.state} /></Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {r.resources.map((x, i) => (
                        <AccessBadge key={`${x.node} ${i}`} state={x.state} prefix={x.nodeName || x.node} />
                      ))}
                    </Group>
                  </Table.Td>
                  <Table.Td><Text size="sm">{r.creator}</Text></Table.Td>
                  <Table.Td>{dateTime(r.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Page>
  );
}

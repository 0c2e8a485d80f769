/**
 * The permits nodes issued for access requests: a researcher's own, a holder's nodes', all of them for the
 * committee and the operator. A permit's live status and its uses come from its node (the hub asks it, so the
 * answer is only fetched when opened); the committee and the operator may revoke one, with a reason.
 */
import { Anchor, Button, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { Link } from 'react-router';
import { dateTime } from '../format.ts';
import { useSession } from '../api/queries.ts';
import { Empty } from '../components/EmptyState.tsx';
import { useNotify } from '../components/Notifications.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { accessKeys, downloadPermit, revokePermit, usePermit, usePermits } from './access-api.ts';
import type { PermitRow } from './access-types.ts';
import { actionLabel } from './access-labels.ts';
import { AccessBadge } from './AccessBadge.tsx';
import { EventButtons } from './EventConfirm.tsx';
import { accessRolesOf } from './request-lists.ts';

function LiveStatus({ permit }: { readonly permit: PermitRow }) {
  const detail = usePermit(permit.id, true);
  if (detail.isPending) return <Loader size="sm" aria-label="Asking the node for the permit's status" />;
  if (detail.isError) return <ProblemAlert error={detail.error} title="Could not get the permit's status" onRetry={() => void detail.refetch()} />;
  const live = detail.data.live;
  if (!live) return <Text size="sm" role="status">Node {permit.nodeName || permit.node} did not answer{detail.data.liveError ? `: ${detail.data.liveError}` : ''}. The hub's record says {permit.status}.</Text>;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Text size="sm">Status at node {permit.nodeName || permit.node}:</Text><AccessBadge state={live.status} />
        {live.revokedAt ? <Text size="sm">revoked {dateTime(live.revokedAt)}{live.reason ? `: ${live.reason}` : ''}</Text> : null}
      </Group>
      {live.uses.length === 0 ? <Text size="sm">Not used yet.</Text> : (
        <Table aria-label={`Uses of the permit for ${permit.name}`}>
          <Table.Thead><Table.Tr><Table.Th scope="col">When</Table.Th><Table.Th scope="col">Action</Table.Th><Table.Th scope="col">Outcome</Table.Th><Table.Th scope="col">Code</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {live.uses.map((u, i) => (
              <Table.Tr key={`${u.at} ${i}`}>
                <Table.Td>{dateTime(u.at)}</Table.Td><Table.Td>{actionLabel(u.action)}</Table.Td>
                <Table.Td><AccessBadge state={u.outcome} /></Table.Td><Table.Td><Text size="sm" ff="monospace">{u.code ?? ''}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

export function PermitsPage() {
  const session = useSession();
  const permits = usePermits();
  const client = useQueryClient();
  const notify = useNotify();
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const roles = accessRolesOf(session.data);
  const mayRevoke = roles.includes('committee') || roles.includes('operator');
  // The hub names people `subject @ issuer` (as the permit does).
  const mine = session.data?.kind === 'signed-in' ? `${session.data.session.subject} @ ${session.data.session.issuer}` : undefined;
  const toggle = (id: string) => setOpen((s) => { const n = new Set(s); if (n.has(id)) n.delete(id); else n.add(id); return n; });
  const revoke = (p: PermitRow) => async (_event: string, input: { readonly reason?: string }) => {
    await revokePermit(p.id, input.reason ?? '');
    void client.invalidateQueries({ queryKey: accessKeys.permits });
    void client.invalidateQueries({ queryKey: accessKeys.permit(p.id) });
    void client.invalidateQueries({ queryKey: accessKeys.request(p.request) });
    notify({ title: 'Permit revoked', message: `${p.name} at ${p.nodeName || p.node}: the node refuses it from its next check.` });
  };
  return (
    <Page title="Permits" intro="Permits signed by the nodes for granted requests. The node checks a permit at every use and records each check in its audit log.">
      {permits.isPending ? <Center py="xl"><Loader aria-label="Loading the permits" /></Center> : null}
      {permits.isError ? <ProblemAlert error={permits.error} title="Could not load the permits" onRetry={() => void permits.refetch()} /> : null}
      {permits.data && permits.data.permits.length === 0 ? <Empty title="No permit yet">A permit is issued when a dataset's holder grants access on a request.</Empty> : null}
      {permits.data && permits.data.permits.length > 0 ? (
        <Table.ScrollContainer minWidth={860}>
          <Table aria-label="Permits" verticalSpacing="sm">
            <Table.Thead><Table.Tr>
              <Table.Th scope="col">Dataset</Table.Th><Table.Th scope="col">Node</Table.Th><Table.Th scope="col">Researcher</Table.Th><Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Allowed actions</Table.Th><Table.Th scope="col">Valid</Table.Th><Table.Th scope="col">Request</Table.Th><Table.Th scope="col">Actions</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {permits.data.permits.map((p) => (
                <Fragment key={p.id}>
                  <Table.Tr>
                    <Table.Th scope="row" fw={500}>{p.name}</Table.Th>
                    <Table.Td>{p.nodeName || p.node}</Table.Td>
                    <Table.Td><Text size="sm">{p.researcher}</Text></Table.Td>
                    <Table.Td><AccessBadge state={p.status} /></Table.Td>
                    <Table.Td>{p.actions.map(actionLabel).join(', ')}</Table.Td>
                    <Table.Td><Text size="sm">{dateTime(p.issuedAt)} to {dateTime(p.expiresAt)}</Text></Table.Td>
                    <Table.Td><Anchor component={Link} to={`/requests/${encodeURIComponent(p.request)}`} size="sm">Open request</Anchor></Table.Td>
                    <Table.Td>
                      <Group gap="xs">
                        <Button size="xs" variant="default" aria-expanded={open.has(p.id)} onClick={() => toggle(p.id)}>{open.has(p.id) ? 'Hide uses' : 'Show uses'}</Button>
                        {p.researcher === mine && p.status === 'active' ? (
                          <Button size="xs" variant="default" aria-label={`Download permit for ${p.name}`}
                            onClick={() => void downloadPermit(p.id).catch((err: unknown) => notify({ title: 'Could not download the permit', message: (err as Error).message, color: 'red' }))}>Download permit</Button>
                        ) : null}
                        {mayRevoke && p.status === 'active' ? <EventButtons events={['REVOKE']} subject={`${p.name} at node ${p.nodeName || p.node}`} onFire={revoke(p)} size="xs" /> : null}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                  {open.has(p.id) ? <Table.Tr><Table.Td colSpan={8}><LiveStatus permit={p} /></Table.Td></Table.Tr> : null}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
    </Page>
  );
}

/**
 * /permits at a node: the permits this node signed for researchers (after a data holder made a dataset
 * available through the hub), each check of each permit as the node's audit log recorded it, and revocation.
 */
import { Button, Collapse, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { Empty } from '../components/EmptyState.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { dateTime } from '../format.ts';
import { usePermit, usePermits } from './node-access-api.ts';
import { actionsLabel, datasetLabel, permitStatus } from './node-access.ts';
import type { NodePermit } from './node-access-types.ts';
import { RevokePermit } from './RevokePermit.tsx';

function Uses({ permit }: { readonly permit: NodePermit }) {
  const detail = usePermit(permit.id, true);
  if (detail.isPending) return <Group gap="xs"><Loader size="xs" aria-label="Loading the uses" /><Text size="sm">Loading…</Text></Group>;
  if (detail.isError) return <ProblemAlert error={detail.error} title="The uses could not be read" onRetry={() => void detail.refetch()} />;
  const d = detail.data;
  return (
    <Stack gap="xs" py="xs">
      <Text size="sm"><b>Purpose:</b> {d.purpose}</Text>
      <Text size="sm"><b>Granted by</b> {d.grantedBy} on {dateTime(d.issuedAt)} · request <Text span ff="monospace" size="xs">{d.request}</Text></Text>
      {d.status === 'revoked' ? <Text size="sm"><b>Revoked</b> by {d.revokedBy ?? '—'} on {dateTime(d.revokedAt)}: {d.reason ?? ''}</Text> : null}
      {d.uses.length === 0 ? <Text size="sm" c="dimmed">Not checked yet.</Text> : (
        <Table aria-label={`Uses of the permit of ${d.researcher} for ${datasetLabel(d)}`} withTableBorder>
          <Table.Thead><Table.Tr><Table.Th scope="col">When</Table.Th><Table.Th scope="col">Action</Table.Th><Table.Th scope="col">Outcome</Table.Th><Table.Th scope="col">Code</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {d.uses.map((u, i) => (
              <Table.Tr key={`${u.at}-${i}`}>
                <Table.Td>{dateTime(u.at)}</Table.Td><Table.Td>{u.action}</Table.Td>
                <Table.Td><StateBadge state={u.outcome} /></Table.Td><Table.Td><Text size="xs" ff="monospace">{u.code ?? '—'}</Text></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}

function Row({ permit, now }: { readonly permit: NodePermit; readonly now: Date }) {
  const [open, setOpen] = useState(false);
  const status = permitStatus(permit, now);
  return (
    <Fragment>
      <Table.Tr>
        <Table.Th scope="row" fw={500}>{permit.researcher}</Table.Th>
        <Table.Td><Text size="sm" ff="monospace">{datasetLabel(permit)}</Text></Table.Td>
        <Table.Td>{actionsLabel(permit.actions)}</Table.Td>
        <Table.Td>{dateTime(permit.expiresAt)}</Table.Td>
        <Table.Td><StateBadge state={status} /></Table.Td>
        <Table.Td>
          <Group gap="xs" wrap="nowrap">
            <Button size="xs" variant="default" onClick={() => setOpen((o) => !o)} aria-expanded={open}
              aria-label={`${open ? 'Hide uses' : 'Show uses'} of the permit of ${permit.researcher} for ${datasetLabel(permit)}`}>{open ? 'Hide uses' : 'Show uses'}</Button>
            {status === 'active' ? <RevokePermit permit={permit} /> : null}
          </Group>
        </Table.Td>
      </Table.Tr>
      {open ? (
        <Table.Tr><Table.Td colSpan={6}><Collapse expanded={open}><Uses permit={permit} /></Collapse></Table.Td></Table.Tr>
      ) : null}
    </Fragment>
  );
}

function Permits() {
  const list = usePermits();
  if (list.isPending) return <Group gap="xs"><Loader size="sm" aria-label="Loading the permits" /><Text size="sm">Loading…</Text></Group>;
  if (list.isError) return <ProblemAlert error={list.error} title="The permits could not be read" onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <Empty title="No permits issued">A permit is issued when a data holder makes a dataset of this node available on an access request at the hub.</Empty>;
  const now = new Date();
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table aria-label="Permits issued by this node" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Researcher</Table.Th><Table.Th scope="col">Dataset version</Table.Th><Table.Th scope="col">Actions</Table.Th>
            <Table.Th scope="col">Expires</Table.Th><Table.Th scope="col">Status</Table.Th><Table.Th scope="col"><Text span size="sm" fw={700}>Manage</Text></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{list.data.map((p) => <Row key={p.id} permit={p} now={now} />)}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function NodePermitsPage() {
  return (
    <Page title="Permits" intro="Permits this node signed: who may use which dataset version, how, until when; every check of each.">
      <RequireRole stewards><Permits /></RequireRole>
    </Page>
  );
}

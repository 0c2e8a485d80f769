/**
 * One access request, for every party on it: the request's state and the request-level events the caller may
 * fire (the committee approves or declines with a reason, the researcher abandons…), the application form,
 * the documents, the datasets with their holders' decisions, the permits, the messages and the history. The
 * hub decides what the caller may see and do; the page shows what it answers.
 */
import { Anchor, Center, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { dateTime } from '../format.ts';
import { useNotify } from '../components/Notifications.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { accessKeys, requestEvent, useRequest } from './access-api.ts';
import type { RequestView } from './access-types.ts';
import { actionLabel, eventLabel } from './access-labels.ts';
import { AccessBadge } from './AccessBadge.tsx';
import { ApplicationForm } from './ApplicationForm.tsx';
import { EventButtons, type EventInput } from './EventConfirm.tsx';
import { RequestDocuments } from './RequestDocuments.tsx';
import { RequestHistory } from './RequestHistory.tsx';
import { RequestMessages } from './RequestMessages.tsx';
import { ResourcesTable } from './ResourcesTable.tsx';

function RequestPermits({ view }: { readonly view: RequestView }) {
  const issued = view.resources.filter((r) => r.permit !== null);
  return (
    <Section title="Permits" intro="Issued and signed by each node when its holder grants access; checked by the node at every use.">
      {issued.length === 0 ? <Text size="sm">No permit issued yet.</Text> : (
        <Table aria-label="Permits of the request">
          <Table.Thead><Table.Tr>
            <Table.Th scope="col">Dataset</Table.Th><Table.Th scope="col">Node</Table.Th><Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Allowed actions</Table.Th><Table.Th scope="col">Expires</Table.Th>
          </Table.Tr></Table.Thead>
          <Table.Tbody>
            {issued.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Th scope="row" fw={500}>{r.name}</Table.Th>
                <Table.Td>{r.nodeName || r.node}</Table.Td>
                <Table.Td><AccessBadge state={r.permit!.status} /></Table.Td>
                <Table.Td>{r.permit!.actions.map(actionLabel).join(', ')}</Table.Td>
                <Table.Td>{dateTime(r.permit!.expiresAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Anchor component={Link} to="/permits" size="sm">All permits, with their uses</Anchor>
    </Section>
  );
}

function RequestBody({ view }: { readonly view: RequestView }) {
  const client = useQueryClient();
  const notify = useNotify();
  const { request } = view;
  // The creator edits a draft: the hub offers SUBMIT to the creator of a DRAFT only; the form's own button sends it.
  const editable = request.state === 'DRAFT' && view.allowedEvents.includes('SUBMIT');
  const events = view.allowedEvents.filter((e) => !(editable && e === 'SUBMIT'));
  const fire = async (event: string, input: EventInput) => {
    const next = await requestEvent(request.id, event, input.reason);
    client.setQueryData(accessKeys.request(request.id), next);
    void client.invalidateQueries({ queryKey: accessKeys.requests });
    notify({ title: `${eventLabel(event)}: done`, message: request.title });
  };
  return (
    <div>
      <Page title={request.title || 'Access request'}
        intro={<>Requested by {request.creator}, created {dateTime(request.createdAt)}, last activity {dateTime(request.lastActivityAt)}.</>}
        actions={<AccessBadge state={request.state} size="lg" />}>
        <Section title="Actions" intro="What you may do with this request now. Every step is recorded in the history and the parties are notified.">
          <EventButtons events={events} subject="this request" onFire={fire} />
        </Section>
        <ApplicationForm key={request.id} view={view} editable={editable} />
        <RequestDocuments view={view} canUpload={editable} />
        <ResourcesTable view={view} />
        <RequestPermits view={view} />
        <RequestMessages view={view} />
        <RequestHistory view={view} />
        <Group><Anchor component={Link} to="/requests" size="sm">Back to the access requests</Anchor></Group>
      </Page>
    </div>
  );
}

export function RequestPage() {
  const { id = '' } = useParams();
  const request = useRequest(id);
  if (request.isPending) return <Center py="xl"><Loader aria-label="Loading the request" /></Center>;
  if (request.isError) {
    return (
      <Stack>
        <ProblemAlert error={request.error} title="Could not load the request" onRetry={() => void request.refetch()} />
        <Anchor component={Link} to="/requests" size="sm">Back to the access requests</Anchor>
      </Stack>
    );
  }
  return <RequestBody view={request.data} />;
}

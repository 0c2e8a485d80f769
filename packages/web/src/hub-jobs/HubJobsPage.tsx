/** A researcher's federated jobs at the hub, newest first, with how each node's part stands, and the form to send one. */
import { Anchor, Center, Loader, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { Empty } from '../components/EmptyState.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { dateTime } from '../format.ts';
import { useHubJobs } from './hub-jobs-api.ts';
import { stateCounts } from './hub-jobs.ts';
import { SubmitHubJobForm } from './SubmitHubJobForm.tsx';

export function HubJobsPage() {
  const jobs = useHubJobs();
  return (
    <Page title="Federated jobs" intro="One tool sent to the datasets of your permits at several nodes. Each node checks its permit, runs the tool, and sends back only the outputs its steward released.">
      <Section title="Your jobs">
        {jobs.isPending ? <Center py="xl"><Loader aria-label="Loading your federated jobs" /></Center> : null}
        {jobs.isError ? <ProblemAlert error={jobs.error} title="Could not load your federated jobs" onRetry={() => void jobs.refetch()} /> : null}
        {jobs.data && jobs.data.length === 0 ? <Empty title="No federated job yet">Send one with the form below.</Empty> : null}
        {jobs.data && jobs.data.length > 0 ? (
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover aria-label="Your federated jobs">
              <Table.Thead><Table.Tr>
                <Table.Th scope="col">Tool</Table.Th><Table.Th scope="col">Nodes</Table.Th><Table.Th scope="col">Sent</Table.Th><Table.Th scope="col">Last change</Table.Th>
              </Table.Tr></Table.Thead>
              <Table.Tbody>
                {jobs.data.map((j) => (
                  <Table.Tr key={j.id}>
                    <Table.Th scope="row" fw={500}><Anchor component={Link} to={`/federated-jobs/${encodeURIComponent(j.id)}`}>{j.tool}</Anchor> <Text span size="xs" c="dimmed">{j.id.slice(0, 8)}</Text></Table.Th>
                    <Table.Td><Text size="sm">{stateCounts(j.states)}</Text></Table.Td>
                    <Table.Td>{dateTime(j.createdAt)}</Table.Td>
                    <Table.Td>{dateTime(j.updatedAt)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Section>
      <Section title="Send a job">
        <SubmitHubJobForm />
      </Section>
    </Page>
  );
}

/**
 * /jobs at a node: the jobs run here under permits (a steward sees all of them, the hub's too; a researcher
 * those they submitted) with their states, and a researcher's form to submit one.
 */
import { Anchor, Group, Loader, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { isSteward, useSession } from '../api/queries.ts';
import { Empty } from '../components/EmptyState.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { Section } from '../components/Section.tsx';
import { dateTime } from '../format.ts';
import { JobStateBadge } from './JobBadges.tsx';
import { useJobs } from './jobs-api.ts';
import { JOB_STATES, shortHash, stateLabel } from './jobs.ts';
import type { Job, JobState } from './jobs-types.ts';
import { SubmitJobForm } from './SubmitJobForm.tsx';

function JobsTable({ jobs, steward }: { readonly jobs: readonly Job[]; readonly steward: boolean }) {
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table aria-label="Jobs" striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Job</Table.Th><Table.Th scope="col">Tool</Table.Th><Table.Th scope="col">Dataset version</Table.Th>
            {steward ? <Table.Th scope="col">Researcher</Table.Th> : null}
            <Table.Th scope="col">Submitted</Table.Th><Table.Th scope="col">State</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {jobs.map((j) => (
            <Table.Tr key={j.id}>
              <Table.Th scope="row" fw={500}>
                <Anchor component={Link} to={`/jobs/${encodeURIComponent(j.id)}`} ff="monospace" size="sm" title={j.id}>{shortHash(j.id)}</Anchor>
              </Table.Th>
              <Table.Td>{j.tool.name} <Text span size="xs" c="dimmed">{j.tool.version}</Text></Table.Td>
              <Table.Td><Text size="sm" ff="monospace">{j.dataset.id} v{j.dataset.version}</Text></Table.Td>
              {steward ? <Table.Td><Text size="sm">{j.researcher}</Text>{j.origin === 'hub' ? <Text size="xs" c="dimmed">federated, from the hub</Text> : null}</Table.Td> : null}
              <Table.Td>{dateTime(j.submittedAt)}</Table.Td>
              <Table.Td><JobStateBadge state={j.state} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Jobs({ steward }: { readonly steward: boolean }) {
  const list = useJobs();
  const [show, setShow] = useState<JobState | 'all'>(steward ? 'awaiting-review' : 'all');
  if (list.isPending) return <Group gap="xs" role="status"><Loader size="sm" aria-label="Loading the jobs" /><Text size="sm">Loading…</Text></Group>;
  if (list.isError) return <ProblemAlert error={list.error} title="The jobs could not be read" onRetry={() => void list.refetch()} />;
  const shown = show === 'all' ? list.data : list.data.filter((j) => j.state === show);
  const count = (s: JobState) => list.data.filter((j) => j.state === s).length;
  return (
    <Stack gap="sm">
      <NativeSelect label="Show" value={show} onChange={(e) => setShow(e.currentTarget.value as JobState | 'all')} maw={260}
        data={[{ value: 'all', label: `All (${list.data.length})` }, ...JOB_STATES.map((s) => ({ value: s, label: `${stateLabel(s)} (${count(s)})` }))]} />
      {shown.length === 0
        ? <Empty title={list.data.length === 0 ? 'No jobs yet' : `No job is ${stateLabel(show as JobState)}`}>
            {list.data.length === 0 ? (steward ? 'Researchers submit jobs here, with oncoatlas job submit, or from the hub as federated jobs.' : 'Submit one above with your permit.') : 'Choose another state to see the others.'}
          </Empty>
        : <JobsTable jobs={shown} steward={steward} />}
    </Stack>
  );
}

function JobsContent() {
  const session = useSession();
  const steward = isSteward(session.data);
  const roles = session.data?.kind === 'signed-in' ? session.data.session.roles : [];
  return (
    <Stack gap="lg">
      {roles.includes('researcher') ? (
        <Section title="Submit a job" intro="The tool runs at this node over the dataset version your permit names, without network, and its outputs stay here until a steward releases them.">
          <SubmitJobForm />
        </Section>
      ) : null}
      <Section title={steward ? 'Jobs at this node' : 'Your jobs'}><Jobs steward={steward} /></Section>
    </Stack>
  );
}

export function JobsPage() {
  return (
    <Page title="Jobs" intro="Analyses run in the node's sandbox under access permits; their outputs leave only once reviewed.">
      <RequireRole stewards={false}><JobsContent /></RequireRole>
    </Page>
  );
}

/**
 * One job: where it stands, its provenance (the tool and its hash, the dataset version and its manifest's
 * hash, the permit, the limits it ran under), its log while it runs (stewards), its outputs with their flags,
 * and the review: a steward's to take, anyone's to read once taken.
 */
import { Alert, Anchor, Code, Group, Loader, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { isNotFound, isSteward, useSession } from '../api/queries.ts';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { Section } from '../components/Section.tsx';
import { Stats } from '../components/Stat.tsx';
import { bytes, dateTime, duration } from '../format.ts';
import { JobStateBadge } from './JobBadges.tsx';
import { JobLog } from './JobLog.tsx';
import { JobOutputs } from './JobOutputs.tsx';
import { useJob } from './jobs-api.ts';
import { shortHash } from './jobs.ts';
import type { Job } from './jobs-types.ts';
import { ReviewJob } from './ReviewJob.tsx';

function Provenance({ job }: { readonly job: Job }) {
  const rows: [string, ReactNode][] = [
    ['Tool', <>{job.tool.name} {job.tool.version}</>],
    ['Tool SHA-256', <Code fz="xs" style={{ wordBreak: 'break-all' }}>{job.tool.sha256}</Code>],
    ['Arguments', job.args.length === 0 ? <Text span size="sm" c="dimmed">none</Text> : <Code fz="xs">{job.args.join(' ')}</Code>],
    ['Dataset version', <>{job.dataset.id} v{job.dataset.version}</>],
    ['Manifest SHA-256', <Code fz="xs" style={{ wordBreak: 'break-all' }}>{job.dataset.manifestSha256}</Code>],
    ['Permit', <Code fz="xs">{job.permitId}</Code>],
    ['Researcher', job.researcher],
    ['Submitted by', <>{job.submittedBy}{job.origin === 'hub' ? <Text span size="xs" c="dimmed"> (federated job {job.hubJob ?? ''} from the hub)</Text> : null}</>],
    ['Limits', `${job.limits.wallSeconds} s wall, ${job.limits.cpuSeconds} s CPU, ${bytes(job.limits.memoryBytes)} memory, ${bytes(job.limits.outputBytes)} of outputs`],
    ['Submitted', dateTime(job.submittedAt)],
    ['Ran', job.startedAt ? `${dateTime(job.startedAt)}, for ${duration(job.startedAt, job.finishedAt)}${job.finishedAt ? '' : ' so far'}` : 'not yet'],
    ['Exit code', job.exitCode === null ? '—' : String(job.exitCode)],
  ];
  return (
    <Table aria-label="Provenance of the job" variant="vertical" withTableBorder>
      <Table.Tbody>
        {rows.map(([label, value]) => <Table.Tr key={label}><Table.Th scope="row" w={180}>{label}</Table.Th><Table.Td>{value}</Table.Td></Table.Tr>)}
      </Table.Tbody>
    </Table>
  );
}

const STATE_SAYS: Readonly<Record<Job['state'], string>> = {
  queued: 'Waiting for the node\'s runner to start it.',
  running: 'Running in the node\'s sandbox.',
  'awaiting-review': 'Ended; a steward of the node reviews its outputs before any leaves.',
  released: 'Reviewed and released: the outputs not blocked by the checks may leave the node.',
  refused: 'Reviewed and refused: no output leaves the node.',
  failed: 'Failed; its log and outputs stay at the node.',
};

function ReviewSection({ job, steward }: { readonly job: Job; readonly steward: boolean }) {
  if (job.review) {
    return (
      <Alert color={job.state === 'released' ? 'green' : 'red'} title={<Group gap="xs">Reviewed: <JobStateBadge state={job.state} size="md" /></Group>}>
        <Text size="sm">By {job.review.by} on {dateTime(job.review.at)}.</Text>
        <Text size="sm">Note: {job.review.note}</Text>
      </Alert>
    );
  }
  if (job.state !== 'awaiting-review') return <Text size="sm" c="dimmed">{job.state === 'failed' ? 'A failed job is not reviewed: nothing of it leaves the node.' : 'The review comes once the job has ended.'}</Text>;
  return steward ? <ReviewJob job={job} /> : <Text size="sm">A steward of this node reviews the outputs; you can download those released here.</Text>;
}

function JobDetail({ id }: { readonly id: string }) {
  const query = useJob(id);
  const session = useSession();
  const steward = isSteward(session.data);
  if (query.isPending) return <Group gap="xs" role="status"><Loader size="sm" aria-label="Loading the job" /><Text size="sm">Loading…</Text></Group>;
  if (query.isError) {
    return isNotFound(query.error)
      ? <Alert color="gray" title="No such job"><Text size="sm">There is no job {id} among those you may see at this node. Back to <Anchor component={Link} to="/jobs">the jobs</Anchor>.</Text></Alert>
      : <ProblemAlert error={query.error} title="The job could not be read" onRetry={() => void query.refetch()} />;
  }
  const job = query.data;
  return (
    <Stack gap="lg">
      <div aria-live="polite">
        <Stats cols={4} items={[
          { label: 'State', value: <JobStateBadge state={job.state} size="lg" />, hint: STATE_SAYS[job.state] },
          { label: 'Tool', value: job.tool.name, hint: `${job.tool.version} · ${shortHash(job.tool.sha256)}` },
          { label: 'Dataset version', value: `${job.dataset.id} v${job.dataset.version}` },
          { label: 'Outputs', value: job.outputs.length },
        ]} />
      </div>
      {job.reason ? <Alert color={job.state === 'failed' ? 'red' : 'gray'} title="Reason"><Text size="sm">{job.reason}</Text></Alert> : null}
      <Section title="Provenance" intro="What ran, over what, under which permit: also in the node's audit log."><Provenance job={job} /></Section>
      {steward ? <Section title="Log" intro="What the tool wrote to its output and error streams. Researchers see it only as an output, once released."><JobLog jobId={job.id} /></Section> : null}
      <Section title="Outputs"><JobOutputs job={job} steward={steward} /></Section>
      <Section title="Review"><ReviewSection job={job} steward={steward} /></Section>
    </Stack>
  );
}

export function JobPage() {
  const { id = '' } = useParams();
  return (
    <Page title={`Job ${shortHash(id)}`} intro={<Anchor component={Link} to="/jobs">Back to the jobs</Anchor>}>
      <RequireRole stewards={false}><JobDetail id={id} /></RequireRole>
    </Page>
  );
}

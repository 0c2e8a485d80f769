/**
 * One federated job: what was sent, each node's part (its state, the node's reason, the outputs it released),
 * followed while any part moves, and the combined result once a node released outputs: tables with the same
 * columns joined with a node column, other files per node.
 */
import { Anchor, Badge, Button, Center, Code, Group, Loader, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { bytes, dateTime } from '../format.ts';
import { shortHash } from '../jobs/jobs.ts';
import { fetchCombinedResult, saveCombinedFile, saveCombinedResult, useHubJob } from './hub-jobs-api.ts';
import { targetColor, targetLabel } from './hub-jobs.ts';
import type { CombinedFile, JobTarget, TargetState } from './hub-jobs-types.ts';

/** The label is not cut with an ellipsis (Mantine's default): the column grows to the whole word instead. */
const WHOLE_WORD = { root: { textTransform: 'none' }, label: { overflow: 'visible' } } as const;

function TargetBadge({ state }: { readonly state: TargetState }) {
  return <Badge color={targetColor(state)} variant="light" size="sm" styles={WHOLE_WORD}>{targetLabel(state)}</Badge>;
}

function Outputs({ t }: { readonly t: JobTarget }) {
  if (t.outputs.length === 0) return <Text size="sm" c="dimmed">{t.state === 'released' ? 'none released' : '—'}</Text>;
  return (
    <Stack gap={2}>
      {t.outputs.map((o) => <Text key={o.path} size="sm"><Code>{o.path}</Code> {bytes(o.bytes)} <Text span size="xs" c="dimmed" title={o.sha256}>{shortHash(o.sha256)}</Text></Text>)}
    </Stack>
  );
}

function CombinedResult({ jobId }: { readonly jobId: string }) {
  const [state, setState] = useState<{ loading: boolean; files?: CombinedFile[]; error?: unknown }>({ loading: false });
  const load = async (): Promise<{ files: CombinedFile[] } | undefined> => {
    setState({ loading: true });
    try {
      const r = await fetchCombinedResult(jobId);
      setState({ loading: false, files: r.files });
      return r;
    } catch (error) {
      setState({ loading: false, error });
      return undefined;
    }
  };
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <Button loading={state.loading} onClick={() => void load().then((r) => (r ? saveCombinedResult(jobId, r) : undefined))}>Download combined result</Button>
        {state.files ? null : <Button variant="default" loading={state.loading} onClick={() => void load()}>Show its files</Button>}
      </Group>
      {state.error ? <ProblemAlert error={state.error} title="Could not get the combined result" onRetry={() => void load()} /> : null}
      {state.files ? (
        <Table aria-label="Files of the combined result">
          <Table.Thead><Table.Tr><Table.Th scope="col">File</Table.Th><Table.Th scope="col">From</Table.Th><Table.Th scope="col">Type</Table.Th><Table.Th scope="col">Download</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {state.files.map((f) => (
              <Table.Tr key={`${f.name} ${f.node ?? ''}`}>
                <Table.Th scope="row" fw={500}><Code>{f.name}</Code></Table.Th>
                <Table.Td>{f.node ?? 'all nodes (joined, node column first)'}</Table.Td>
                <Table.Td><Text size="sm">{f.contentType.split(';')[0]}</Text></Table.Td>
                <Table.Td><Button size="xs" variant="default" aria-label={`Download ${f.name}${f.node ? ` from ${f.node}` : ' (combined)'}`} onClick={() => saveCombinedFile(f)}>Download</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  );
}

export function HubJobPage() {
  const id = useParams().id ?? '';
  const job = useHubJob(id);
  if (job.isPending) return <Center py="xl"><Loader aria-label="Loading the federated job" /></Center>;
  if (job.isError) return <Page title="Federated job"><ProblemAlert error={job.error} title="Could not load the federated job" onRetry={() => void job.refetch()} /></Page>;
  const v = job.data;
  const moving = v.job.status === 'active';
  return (
    <Page title={`Federated job: ${v.job.tool}`} intro={<>Sent {dateTime(v.job.createdAt)}. <Anchor component={Link} to="/federated-jobs">All your federated jobs</Anchor></>}>
      <Section title="What was sent">
        <Text size="sm">Tool <Code>{v.job.tool}</Code>{v.job.args.length > 0 ? <> with arguments <Code>{v.job.args.join(' ')}</Code></> : ' without arguments'}.</Text>
        <Text size="sm" c="dimmed">Job id <Code>{v.job.id}</Code></Text>
      </Section>
      <Section title="At each node" intro="Each node checks its permit, runs the tool, and its steward reviews the outputs: only released ones come back.">
        <Text size="sm" role="status">{moving ? 'Under way: this page follows the nodes.' : 'Every node\'s part has ended.'}</Text>
        <Table.ScrollContainer minWidth={760}>
          <Table aria-label="The job at each node" verticalSpacing="sm">
            <Table.Thead><Table.Tr>
              <Table.Th scope="col">Node</Table.Th><Table.Th scope="col">Dataset</Table.Th><Table.Th scope="col">State</Table.Th>
              <Table.Th scope="col">Reason</Table.Th><Table.Th scope="col">Released outputs</Table.Th><Table.Th scope="col">Last change</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {v.targets.map((t) => (
                <Table.Tr key={t.permit}>
                  <Table.Th scope="row" fw={500}>{t.nodeName}</Table.Th>
                  <Table.Td>{t.datasetName}</Table.Td>
                  <Table.Td><TargetBadge state={t.state} /></Table.Td>
                  <Table.Td><Text size="sm">{t.reason ?? '—'}</Text>{t.code ? <Text size="xs" c="dimmed" ff="monospace">{t.code}</Text> : null}</Table.Td>
                  <Table.Td><Outputs t={t} /></Table.Td>
                  <Table.Td>{dateTime(t.updatedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Section>
      <Section title="Combined result">
        {v.resultReady ? <CombinedResult jobId={v.job.id} /> : <Text size="sm">The combined result comes once a node's steward has released outputs.</Text>}
      </Section>
    </Page>
  );
}

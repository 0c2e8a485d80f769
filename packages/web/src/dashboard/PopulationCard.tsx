/**
 * Running the population from the browser: the configured source, a button to start a run, the run's
 * progress stage by stage while it goes (polled every second), and the ledger's recent runs. When a run
 * ends, the funnel, inventory and other reports it rewrote are fetched again.
 */
import { Alert, Button, Card, Code, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { postJson } from '../api/client.ts';
import { keys, usePopulation } from '../api/queries.ts';
import type { Population, PopulationRun, PopulationStage } from '../api/types.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { useNotify } from '../components/Notifications.tsx';
import { dateTime, duration, num } from '../format.ts';

function StageProgress({ stage, running }: { readonly stage: PopulationStage; readonly running: boolean }) {
  const known = stage.total !== null && stage.total > 0;
  const value = stage.finished ? 100 : known ? Math.min(100, (100 * stage.done) / (stage.total as number)) : 100;
  const text = stage.total === null ? `${num(stage.done)} ${stage.unit} so far` : `${num(stage.done)} / ${num(stage.total)} ${stage.unit}`;
  return (
    <div>
      <Group justify="space-between" gap="xs" mb={4}>
        <Text size="sm" fw={600}>{stage.name}</Text>
        <Text size="sm" c="dimmed">{text}{stage.finished ? ' · done' : ''}</Text>
      </Group>
      <Progress.Root size="lg">
        <Progress.Section
          value={value}
          withAria={false}
          role="progressbar"
          aria-label={`Stage ${stage.name}`}
          aria-valuemin={0}
          aria-valuemax={known ? (stage.total as number) : undefined}
          aria-valuenow={known ? stage.done : undefined}
          aria-valuetext={text}
          color={stage.finished ? 'teal' : 'blue'}
          striped={!stage.finished && (!known || running)}
          animated={!stage.finished && running}
        />
      </Progress.Root>
    </div>
  );
}

function CurrentRun({ run }: { readonly run: PopulationRun }) {
  const running = run.status === 'running';
  return (
    <Stack gap="sm" aria-live="polite" aria-busy={running}>
      <Group gap="sm">
        <Text size="sm">{running ? 'Running since' : 'Last run of this server, started'} {dateTime(run.startedAt)}</Text>
        <StateBadge state={run.status} />
        <Text size="sm" c="dimmed">{duration(run.startedAt, run.finishedAt)}{running && run.stage ? ` · stage ${run.stage}` : ''}</Text>
      </Group>
      {run.stages.map((s) => <StageProgress key={s.name} stage={s} running={running} />)}
      {run.error ? (
        <Alert color="red" title={<>The run failed <Code>{run.error.code}</Code></>} role="alert">
          <Text size="sm">{run.error.detail}</Text>
        </Alert>
      ) : null}
    </Stack>
  );
}

function RecentRuns({ runs }: { readonly runs: Population['runs'] }) {
  if (runs.length === 0) return <Text size="sm" c="dimmed">No run is recorded in this node&apos;s ledger yet.</Text>;
  return (
    // Scrolls within its own box both ways: down past the latest runs, sideways on a phone.
    <Table.ScrollContainer minWidth={520} maxHeight={260}>
      <Table striped fz="sm" verticalSpacing={4} stickyHeader>
        <Table.Caption>Recent runs recorded in the ledger, newest first</Table.Caption>
        <Table.Thead>
          <Table.Tr><Table.Th scope="col">Run</Table.Th><Table.Th scope="col">Command</Table.Th><Table.Th scope="col">Started</Table.Th><Table.Th scope="col">Finished</Table.Th><Table.Th scope="col">Status</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {runs.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td><Code>{r.id}</Code></Table.Td>
              <Table.Td>{r.command}</Table.Td>
              <Table.Td>{dateTime(r.startedAt)}</Table.Td>
              <Table.Td>{dateTime(r.finishedAt)}</Table.Td>
              <Table.Td><StateBadge state={r.status} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function PopulationCard() {
  const population = usePopulation();
  const client = useQueryClient();
  const notify = useNotify();
  const start = useMutation({
    mutationFn: () => postJson<PopulationRun>('/api/population/runs'),
    onSuccess: (run) => {
      client.setQueryData<Population>(keys.population, (p) => (p ? { ...p, current: run } : p));
      void client.invalidateQueries({ queryKey: keys.population });
    },
  });

  // A run that just ended rewrote the funnel, the inventory, the QC report and maybe the review queue.
  const status = population.data?.current?.status;
  const previous = useRef(status);
  useEffect(() => {
    if (previous.current === 'running' && status && status !== 'running') {
      for (const key of [keys.funnel, keys.inventory, keys.qc, keys.review, keys.datasets]) void client.invalidateQueries({ queryKey: key });
      notify(status === 'completed'
        ? { title: 'Population completed', message: 'The funnel and inventory below are up to date.' }
        : { title: 'Population failed', message: 'See the error under the population card.', color: 'red' });
    }
    previous.current = status;
  }, [status, client, notify]);

  const p = population.data;
  const running = p?.current?.status === 'running';
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="population-title">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={2} size="h4" id="population-title">Population</Title>
            <Text size="sm" c="dimmed">
              {p ? (p.configured ? <>Source: {p.source ?? 'configured'}</> : 'No source is configured for this server (oncoatlas serve --source).') : 'Reading the node…'}
            </Text>
          </div>
          <Button onClick={() => start.mutate()} loading={start.isPending} disabled={!p?.configured || running}>Run population</Button>
        </Group>
        {population.isError ? <ProblemAlert error={population.error} title="The population state could not be read" onRetry={() => void population.refetch()} /> : null}
        {start.isError ? <ProblemAlert error={start.error} title="The run could not start" /> : null}
        {p?.current ? <CurrentRun run={p.current} /> : null}
        {p ? <RecentRuns runs={p.runs} /> : null}
      </Stack>
    </Card>
  );
}

/** The risk figures of every released dataset version (the latest release of each dataset). */
import { Anchor, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useQueries } from '@tanstack/react-query';
import { Link } from 'react-router';
import { datasetQuery, useDatasets } from '../api/queries.ts';
import { Empty } from '../components/EmptyState.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { dateTime } from '../format.ts';
import { RiskDecision, RiskFigures } from './RiskFigures.tsx';

export function ReleasedRisk() {
  const datasets = useDatasets();
  const released = (datasets.data ?? []).flatMap((d) => {
    const v = d.versions.filter((x) => x.state === 'released').at(-1);
    return v ? [{ id: d.id, version: v.version }] : [];
  });
  const versions = useQueries({ queries: released.map((r) => datasetQuery(r.id, r.version)) });
  return (
    <Section title="Re-identification risk of released datasets" intro="Each dataset's latest released version: as integrated, and as released after generalisation and suppression.">
      {datasets.isPending ? <Group gap="xs"><Loader size="sm" aria-label="Loading the datasets" /><Text size="sm">Loading…</Text></Group> : null}
      {datasets.isError ? <ProblemAlert error={datasets.error} title="The datasets could not be read" onRetry={() => void datasets.refetch()} /> : null}
      {datasets.data && released.length === 0 ? <Empty title="No released dataset yet">Create a version on the Datasets page and release it; its risk figures appear here.</Empty> : null}
      {versions.map((q, i) => {
        const r = released[i]!;
        return (
          <Stack key={`${r.id}-${r.version}`} gap="sm" pt="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
            <Title order={3} size="h5">
              <Anchor component={Link} to={`/datasets/${encodeURIComponent(r.id)}?version=${r.version}`}>{r.id}</Anchor> version {r.version}
            </Title>
            {q.isPending ? <Loader size="sm" aria-label={`Loading ${r.id} version ${r.version}`} /> : null}
            {q.isError ? <ProblemAlert error={q.error} /> : null}
            {q.data ? (
              <>
                <Text size="sm" c="dimmed">{q.data.title}; released {dateTime(q.data.releasedAt)} by {q.data.releasedBy ?? '—'}{q.data.override ? ', overriding the risk decision (see its page for the justification)' : ''}.</Text>
                <RiskDecision risk={q.data.summary.risk} />
                <RiskFigures risk={q.data.summary.risk} />
              </>
            ) : null}
          </Stack>
        );
      })}
    </Section>
  );
}

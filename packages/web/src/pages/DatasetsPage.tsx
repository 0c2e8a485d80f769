/** Datasets: what this node has frozen into versions, and (for stewards) a new version. */
import { Group, Loader, Text } from '@mantine/core';
import { isSteward, useDatasets, useSession } from '../api/queries.ts';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { Section } from '../components/Section.tsx';
import { CreateVersionForm } from '../datasets/CreateVersionForm.tsx';
import { DatasetsTable } from '../datasets/DatasetsTable.tsx';

function Datasets() {
  const session = useSession();
  const datasets = useDatasets();
  return (
    <>
      <Section title="Datasets and versions">
        {datasets.isPending ? <Group gap="xs"><Loader size="sm" aria-label="Loading the datasets" /><Text size="sm">Loading…</Text></Group> : null}
        {datasets.isError ? <ProblemAlert error={datasets.error} title="The datasets could not be read" onRetry={() => void datasets.refetch()} /> : null}
        {datasets.data ? <DatasetsTable datasets={datasets.data} /> : null}
      </Section>
      {isSteward(session.data) ? (
        <Section title="New version" intro="Freezes the integrated studies into a draft version with its manifest, clinical extract and re-identification risk. Release it from its page once the risk is acceptable.">
          <CreateVersionForm existing={(datasets.data ?? []).map((d) => d.id)} />
        </Section>
      ) : null}
    </>
  );
}

export function DatasetsPage() {
  return (
    <Page title="Datasets" intro="Versions of the atlas frozen for release: each with its files, counts and re-identification risk.">
      <RequireRole stewards={false}><Datasets /></RequireRole>
    </Page>
  );
}

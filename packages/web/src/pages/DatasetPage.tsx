/**
 * One dataset version: what it holds, its re-identification risk and release decision, releasing it (stewards)
 * with its compliance dossier, and the dataset's catalogue record (stewards).
 */
import { Alert, Anchor, Group, Loader, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { isNotFound, isSteward, useDataset, useDatasets, useSession } from '../api/queries.ts';
import type { DatasetVersion, ReleaseResponse } from '../api/types.ts';
import { CatalogueSection } from '../catalogue/CatalogueSection.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { Section } from '../components/Section.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { DossierLinks } from '../datasets/DossierLinks.tsx';
import { ReleasePanel } from '../datasets/ReleasePanel.tsx';
import { VersionCounts, VersionOverview } from '../datasets/VersionOverview.tsx';
import { RiskDecision, RiskFigures } from '../quality/RiskFigures.tsx';
import { dateTime } from '../format.ts';

function Override({ v }: { readonly v: DatasetVersion }) {
  if (!v.override) return null;
  const o = v.override;
  const text = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : null);
  return (
    <Alert color="orange" title="Released against the risk policy">
      <Text size="sm">{text('justification') ? <>Justification: {text('justification')}</> : 'An override of the risk decision was recorded with this release.'}</Text>
      {text('by') ? <Text size="sm">By {text('by')}{text('at') ? ` on ${dateTime(text('at'))}` : ''}.</Text> : null}
    </Alert>
  );
}

function Version({ id, version }: { readonly id: string; readonly version: number | undefined }) {
  const session = useSession();
  const steward = isSteward(session.data);
  const list = useDatasets();
  const query = useDataset(id, version);
  const [, setParams] = useSearchParams();
  const [released, setReleased] = useState<ReleaseResponse | null>(null);
  const versions = list.data?.find((d) => d.id === id)?.versions ?? [];
  if (query.isPending) return <Group gap="xs"><Loader size="sm" aria-label="Loading the dataset" /><Text size="sm">Loading…</Text></Group>;
  if (query.isError) {
    return isNotFound(query.error)
      ? <Alert color="gray" title="No such dataset version"><Text size="sm">{query.error instanceof Error ? (query.error as { detail?: string }).detail ?? '' : ''} See <Anchor component={Link} to="/datasets">the list</Anchor>.</Text></Alert>
      : <ProblemAlert error={query.error} title="The dataset could not be read" onRetry={() => void query.refetch()} />;
  }
  const v = query.data;
  const risk = v.summary.risk;
  const hasRelease = versions.some((x) => x.state === 'released') || v.state === 'released';
  return (
    <Stack gap="lg">
      <Group gap="md" align="flex-end">
        {versions.length > 1 ? (
          <NativeSelect label="Version" value={String(v.version)} w={220}
            data={versions.map((x) => ({ value: String(x.version), label: `v${x.version} (${x.state})` }))}
            onChange={(e) => setParams({ version: e.currentTarget.value })} />
        ) : null}
        <Group gap="xs" pb={4}>
          <Text size="sm">Version {v.version}:</Text>
          <StateBadge state={v.state} size="md" />
        </Group>
      </Group>
      {v.description ? <Text size="sm">{v.description}</Text> : null}
      <VersionCounts v={v} />
      <Section title="Re-identification risk">
        <RiskDecision risk={risk} />
        <Override v={v} />
        <RiskFigures risk={risk} />
      </Section>
      {v.state === 'draft' && steward ? (
        <Section title="Release"><ReleasePanel v={v} onReleased={setReleased} /></Section>
      ) : null}
      {v.state === 'released' ? (
        <Section title="Compliance dossier" intro="What was released, how it was de-identified and checked, and its risk: for the data protection officer and the data access committee.">
          <div aria-live="polite">
            {released ? <Text size="sm" mb="xs">Released as version {released.version}.</Text> : null}
          </div>
          <DossierLinks id={v.id} version={v.version} {...(released && released.version === v.version ? { pdf: released.dossier.pdf } : {})} />
        </Section>
      ) : null}
      {steward ? (hasRelease ? <CatalogueSection id={id} /> : (
        <Section title="Catalogue record"><Text size="sm" c="dimmed">Release a version of this dataset before publishing it in the catalogue.</Text></Section>
      )) : null}
      <Section title="Contents"><VersionOverview v={v} /></Section>
    </Stack>
  );
}

export function DatasetPage() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const raw = params.get('version');
  const version = raw && /^[1-9]\d{0,8}$/.test(raw) ? Number(raw) : undefined;
  return (
    <Page title={`Dataset ${id}`} intro={<Anchor component={Link} to="/datasets">Back to the list</Anchor>}>
      <RequireRole stewards={false}><Version key={`${id}-${version ?? 'latest'}`} id={id} version={version} /></RequireRole>
    </Page>
  );
}

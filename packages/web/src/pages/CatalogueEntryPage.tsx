/** One dataset of the public catalogue: what it holds, and its records for harvesters. No sign-in needed. */
import { Alert, Anchor, Badge, Group, Loader, Stack, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useCatalogueEntries } from '../api/queries.ts';
import type { CatalogueEntry } from '../api/types.ts';
import { RdfDownloads } from '../catalogue/RdfDownloads.tsx';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { Stats } from '../components/Stat.tsx';
import { dateTime, num } from '../format.ts';

const badges = (values: readonly string[], color: string): ReactNode =>
  values.length ? <Group gap={4}>{values.map((v) => <Badge key={v} size="sm" variant="light" color={color}>{v}</Badge>)}</Group> : '—';

function Entry({ e }: { readonly e: CatalogueEntry }) {
  return (
    <Stack gap="lg">
      {e.state === 'invalidated' ? (
        <Alert color="orange" title="Withdrawn">
          <Text size="sm">The node has marked this dataset invalid: it is listed so that earlier references resolve, but it is not offered for new requests.</Text>
        </Alert>
      ) : null}
      <Text>{e.description}</Text>
      <Stats cols={3} items={[
        { label: 'Studies', value: num(e.studies) },
        { label: 'Subjects', value: num(e.subjects) },
        { label: 'Version', value: e.version, hint: e.releasedAt ? `released ${dateTime(e.releasedAt)}` : undefined },
      ]} />
      <Section title="Description">
        {/* Label column narrower on a phone and the long values (identifier, landing page) broken anywhere: fits 360 px. */}
        <Table fz="sm" verticalSpacing={6} variant="vertical" withTableBorder>
          <Table.Tbody>
            <Table.Tr><Table.Th scope="row" w={{ base: 110, sm: 180 }}>State</Table.Th><Table.Td><StateBadge state={e.state} /></Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Modalities</Table.Th><Table.Td>{badges(e.modalities, 'indigo')}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Body parts</Table.Th><Table.Td>{badges(e.bodyParts, 'gray')}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Conditions</Table.Th><Table.Td>{badges(e.conditions, 'grape')}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Keywords</Table.Th><Table.Td>{e.keywords.length ? e.keywords.join(', ') : '—'}</Table.Td></Table.Tr>
            <Table.Tr><Table.Th scope="row">Identifier</Table.Th><Table.Td style={{ overflowWrap: 'anywhere' }}>{e.id}</Table.Td></Table.Tr>
            {e.landingUrl ? <Table.Tr><Table.Th scope="row">Landing page</Table.Th><Table.Td style={{ overflowWrap: 'anywhere' }}><Anchor href={e.landingUrl} rel="noopener noreferrer">{e.landingUrl}</Anchor></Table.Td></Table.Tr> : null}
          </Table.Tbody>
        </Table>
      </Section>
      <Section title="Records for harvesters" intro="Download the dataset's catalogue records.">
        <RdfDownloads id={e.id} />
      </Section>
    </Stack>
  );
}

export function CatalogueEntryPage() {
  const { id = '' } = useParams();
  const entries = useCatalogueEntries();
  const entry = entries.data?.find((e) => e.id === id);
  // "Not in the catalogue" only once the catalogue was read and lacks the entry: a failed read says it failed.
  const missing = entries.data !== undefined && !entry;
  return (
    <Page title={entry?.title ?? (missing ? 'Not in the catalogue' : 'Catalogue entry')} intro={<Anchor component={Link} to="/catalogue">Back to all entries</Anchor>}>
      {entries.isPending ? <Group gap="xs"><Loader size="sm" aria-label="Loading the entry" /><Text size="sm">Loading…</Text></Group> : null}
      {entries.isError ? <ProblemAlert error={entries.error} title="The catalogue could not be read" onRetry={() => void entries.refetch()} /> : null}
      {missing ? (
        <Alert color="gray" title="No such published dataset"><Text size="sm">This node publishes no dataset {id}.</Text></Alert>
      ) : null}
      {entry ? <Entry e={entry} /> : null}
    </Page>
  );
}

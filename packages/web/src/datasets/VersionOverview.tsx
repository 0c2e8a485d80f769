/** What a dataset version holds: counts, modalities, clinical records, studies left out, who made it. */
import { Code, SimpleGrid, Table, Text } from '@mantine/core';
import type { DatasetVersion } from '../api/types.ts';
import { CountsFigure, CountsTable } from '../components/CountsChart.tsx';
import { Stats } from '../components/Stat.tsx';
import { bytes, dateTime, num, sortedCounts, words } from '../format.ts';

/** The version's headline counts. */
export function VersionCounts({ v }: { readonly v: DatasetVersion }) {
  const c = v.summary.counts;
  return (
      <Stats cols={6} items={[
        { label: 'Patients', value: num(c.patients) },
        { label: 'Studies', value: num(c.studies) },
        { label: 'Series', value: num(c.series) },
        { label: 'Instances', value: num(c.instances) },
        { label: 'Files', value: num(c.files) },
        { label: 'Size', value: bytes(c.bytes) },
      ]} />
  );
}

/** The criteria a version was selected by, in words. */
function cohortText(s: NonNullable<DatasetVersion['summary']['cohort']>['selection'] | undefined): string {
  if (!s) return 'every integrated study';
  const parts = [
    s.modalities?.length ? `modality ${s.modalities.join(' or ')}` : '',
    s.conditions?.length ? `condition ${s.conditions.join(' or ')}` : '',
    s.bodyParts?.length ? `body part ${s.bodyParts.join(' or ')}` : '',
    s.from || s.to ? `studies ${s.from ? `from ${s.from}` : ''}${s.from && s.to ? ' ' : ''}${s.to ? `to ${s.to}` : ''}` : '',
    s.hasClinicalRecord ? 'with a clinical record' : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'every integrated study';
}

/** Modalities, clinical records, studies left out, and who made and released the version. */
export function VersionOverview({ v }: { readonly v: DatasetVersion }) {
  const c = v.summary.counts;
  const excluded = sortedCounts(v.summary.excluded).map(([k, n]): [string, number] => [words(k), n]);
  return (
    <>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
        <CountsFigure title="Modalities" label="Instances by modality" rows={sortedCounts(c.modalities)} unit="instances" />
        <div>
          <Text fw={600} size="sm" mb={4} component="h3">Clinical records</Text>
          {Object.keys(c.records).length ? <CountsTable label="Records per table in the clinical extract" rows={sortedCounts(c.records)} unit="records" /> : <Text size="sm" c="dimmed">No clinical extract.</Text>}
          {excluded.length ? <CountsTable label="Integrated studies left out of this version, by reason" rows={excluded} unit="studies" /> : null}
        </div>
      </SimpleGrid>
      {/* Label column narrower on a phone (the hash breaks anywhere), so the table fits a 360 px screen. */}
      <Table fz="sm" verticalSpacing={4} withTableBorder variant="vertical">
        <Table.Caption>About this version</Table.Caption>
        <Table.Tbody>
          <Table.Tr><Table.Th scope="row" w={{ base: 110, sm: 200 }}>Cohort</Table.Th><Table.Td>{cohortText(v.summary.cohort?.selection)}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th scope="row">Purpose</Table.Th><Table.Td>{v.summary.purpose ?? 'not given'}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th scope="row">Legal basis</Table.Th><Table.Td>{v.summary.legalBasis ?? 'not given'}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th scope="row">Data holder</Table.Th><Table.Td>{v.summary.holder.name ?? 'not given'}{v.summary.holder.contact ? ` (${v.summary.holder.contact})` : ''}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th scope="row">Created</Table.Th><Table.Td>{dateTime(v.createdAt)} by {v.createdBy}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th scope="row">Released</Table.Th><Table.Td>{v.releasedAt ? `${dateTime(v.releasedAt)} by ${v.releasedBy ?? '—'}` : 'not released'}</Table.Td></Table.Tr>
          <Table.Tr><Table.Th scope="row">Manifest SHA-256</Table.Th><Table.Td>{v.manifestSha256 ? <Code fz="xs" style={{ wordBreak: 'break-all' }}>{v.manifestSha256}</Code> : '—'}</Table.Td></Table.Tr>
        </Table.Tbody>
      </Table>
    </>
  );
}

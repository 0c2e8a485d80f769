/**
 * What the source held when the last population run read it: headline counts and charts by modality,
 * manufacturer, year and body part (GET /api/inventory). Nothing yet until the first run.
 */
import { SimpleGrid, Text } from '@mantine/core';
import { useInventory } from '../api/queries.ts';
import type { Inventory } from '../api/types.ts';
import { CountsFigure } from '../components/CountsChart.tsx';
import { ReportStatus } from '../components/ReportStatus.tsx';
import { Section } from '../components/Section.tsx';
import { Stats } from '../components/Stat.tsx';
import { bytes, dateTime, num, sortedCounts, sum } from '../format.ts';

/** Years in calendar order (a chart of years sorted by count reads wrong); "(absent)" last. */
const byYear = (c: Inventory['byYear']): [string, number][] =>
  Object.entries(c).sort((a, b) => (a[0] === '(absent)' ? 1 : b[0] === '(absent)' ? -1 : a[0].localeCompare(b[0])));

function InventoryBody({ inv }: { readonly inv: Inventory }) {
  const rejected = sum(inv.rejectedFiles);
  return (
    <>
      <Text size="sm" c="dimmed">Made by run {inv.run ?? '—'} on {dateTime(inv.createdAt)}.</Text>
      <Stats cols={5} items={[
        { label: 'Files', value: num(inv.files), hint: bytes(inv.bytes) },
        { label: 'Instances', value: num(inv.instances) },
        { label: 'Studies', value: num(inv.studies) },
        { label: 'Patients', value: num(inv.patients) },
        { label: 'Studies at risk', value: num(inv.burnedIn.studiesAtRisk), hint: 'possible burned-in text' },
      ]} />
      {rejected > 0 ? <Text size="sm">{num(rejected)} file{rejected === 1 ? '' : 's'} could not be read as DICOM ({sortedCounts(inv.rejectedFiles).map(([k, v]) => `${k}: ${num(v)}`).join(', ')}).</Text> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
        <CountsFigure title="Modalities" label="Instances by modality" rows={sortedCounts(inv.byModality)} unit="instances" color="teal.8" />
        <CountsFigure title="Manufacturers" label="Instances by manufacturer" rows={sortedCounts(inv.byManufacturer)} unit="instances" color="indigo.6" />
        <CountsFigure title="Years" label="Instances by acquisition year" rows={byYear(inv.byYear)} unit="instances" color="grape.6" keepOrder />
        <CountsFigure title="Body parts" label="Instances by body part" rows={sortedCounts(inv.byBodyPart)} unit="instances" color="orange.6" />
      </SimpleGrid>
    </>
  );
}

export function InventorySection() {
  const inventory = useInventory();
  return (
    <Section title="Inventory" intro="What the source held when the last population run read it.">
      <ReportStatus query={inventory} what="the inventory" empty={{ title: 'No inventory yet', text: 'Each population run lists the source first; its counts appear here.' }} />
      {inventory.data ? <InventoryBody inv={inventory.data} /> : null}
    </Section>
  );
}

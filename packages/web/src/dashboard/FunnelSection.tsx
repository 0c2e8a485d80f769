/**
 * The population funnel: studies identified, how many were integrated, rejected (per reason), held for review
 * or not finished yet; as a chart and as a table with the same numbers. Clinical records' funnel below when the
 * node harmonised clinical data.
 */
import { Alert, Anchor, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useFunnel, useReviewList } from '../api/queries.ts';
import type { ClinicalFunnel, Funnel } from '../api/types.ts';
import { CountsChart, CountsTable } from '../components/CountsChart.tsx';
import { Empty } from '../components/EmptyState.tsx';
import { ReportStatus } from '../components/ReportStatus.tsx';
import { RowCountsTable, type RowCounts } from '../components/RowCountsTable.tsx';
import { Section } from '../components/Section.tsx';
import { num, pct, sortedCounts, sum, words } from '../format.ts';

/** The funnel's stages in reading order: the chart keeps it, so "identified" is always the first bar. */
export function funnelRows(f: Funnel): [string, number][] {
  return [
    ['identified', f.identified],
    ['integrated', f.integrated],
    ...sortedCounts(f.rejected).map(([reason, n]): [string, number] => [`rejected: ${words(reason)}`, n]),
    ['held for review', f.review],
    ['pending', f.pending],
  ];
}

const clinicalRows = (c: ClinicalFunnel): RowCounts[] => [
  { label: 'Rows', ...c.rows },
  { label: 'Patients', total: c.patients.total, kept: c.patients.total - c.patients.excluded, merged: null, excluded: c.patients.excluded },
];

function FunnelBody({ f }: { readonly f: Funnel }) {
  if (f.identified === 0) {
    return <Empty title="No study identified yet">Run the population: the funnel counts every study the source holds and where it ended.</Empty>;
  }
  const rows = funnelRows(f);
  const rejected = sum(f.rejected);
  return (
    <>
      <Text size="sm">
        {num(f.integrated)} of {num(f.identified)} studies integrated ({pct(f.identified ? f.integrated / f.identified : null)}), {num(rejected)} rejected, {num(f.review)} held for review, {num(f.pending)} pending.
      </Text>
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
        <CountsChart label="Studies per funnel stage" rows={rows} unit="studies" keepOrder maxBars={rows.length} />
        <CountsTable label="Studies per funnel stage" rows={rows} unit="studies" />
      </SimpleGrid>
      {f.clinical ? (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
          <RowCountsTable caption="Clinical rows and patients" first="What" rows={clinicalRows(f.clinical)} />
          {Object.keys(f.clinical.records).length > 0
            ? <CountsTable label="Clinical records per table" rows={sortedCounts(f.clinical.records)} unit="records" />
            : null}
        </SimpleGrid>
      ) : null}
    </>
  );
}

export function FunnelSection() {
  const funnel = useFunnel();
  // A study with one held image and others released counts as integrated in the funnel; its held images still
  // wait in the review queue, so the queue's size is said here too.
  const pending = useReviewList('pending');
  const waiting = pending.data?.length ?? 0;
  return (
    <Section title="Funnel" intro="Studies identified in the source and where each ended.">
      <ReportStatus query={funnel} what="the funnel" empty={{ title: 'No funnel yet', text: 'It is written by the first population run.' }} />
      {funnel.data ? <FunnelBody f={funnel.data} /> : null}
      {waiting > 0 ? (
        <Alert color="yellow" title="Held images wait for a decision">
          <Text size="sm">
            {num(waiting)} {waiting === 1 ? 'study has' : 'studies have'} images held for possible burned-in text
            {funnel.data && funnel.data.review > 0 ? ` (${num(funnel.data.review)} with no image released yet)` : ''}:
            {' '}decide them in <Anchor component={Link} to="/review">the review queue</Anchor>.
          </Text>
        </Alert>
      ) : null}
    </Section>
  );
}

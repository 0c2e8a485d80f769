/**
 * The population funnel: studies identified, how many were integrated, rejected (per reason), waiting in review
 * or not finished yet; as a chart and as a table with the same numbers, and the images held for review across
 * all of them. Clinical records' funnel below when the node harmonised clinical data. The counts and their words
 * are those of packages/pipeline funnel/funnel.ts (`funnelLines`), the one definition the CLI prints too.
 */
import { Alert, Anchor, SimpleGrid, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useFunnel } from '../api/queries.ts';
import type { BurnedInCounts, ClinicalFunnel, Funnel, HeldForReview, WorkQueueCounts } from '../api/types.ts';
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
    // The CLI's words: "held for review" counts held images across integrated studies too (see HeldNotice).
    ['waiting in review, nothing released yet', f.review],
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
        {num(f.integrated)} of {num(f.identified)} studies integrated ({pct(f.identified ? f.integrated / f.identified : null)}), {num(rejected)} rejected, {num(f.review)} waiting in review with nothing released yet, {num(f.pending)} pending.
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

/**
 * The held images, from the funnel's own count (GET /api/funnel `held`) rather than the review list: that list is
 * paged and stops at 1,000 items, and counts review items, not images. Always said, 0 included, as the CLI does:
 * integrated studies may hold images too, and silence must not read as "none held".
 */
function HeldNotice({ held, review }: { readonly held: HeldForReview; readonly review: number }) {
  const text = `held for review: ${num(held.instances)} images of ${num(held.studies)} studies wait for a decision`;
  if (held.studies === 0) return <Text size="sm">{text}.</Text>;
  // Held studies beyond those with nothing released are integrated ones with some images still held.
  const integratedHeld = Math.max(0, held.studies - review);
  return (
    <Alert color="yellow" title="Held images wait for a decision">
      <Text size="sm">
        {text} ({num(integratedHeld)} of them integrated with their other images): decide them in
        {' '}<Anchor component={Link} to="/review">the review queue</Anchor>.
      </Text>
    </Alert>
  );
}

/**
 * Burned-in text, in images (the CLI's `burnedInLines`): what OCR scanned and found, and what became of those
 * images. Said only once something was scanned or decided; without OCR the rules' holds above are the whole story.
 */
function BurnedInNotice({ b }: { readonly b: BurnedInCounts }) {
  const decided = b.redactedAutomatically + b.redactedByReviewer + b.releasedAsIs + b.rejected;
  if (b.scanned === 0 && decided === 0) return null;
  return (
    <Text size="sm">
      Burned-in text: {num(b.scanned)} images scanned by OCR, {num(b.withIdentifiers)} showing an identifier{b.failed ? `, ${num(b.failed)} unreadable` : ''};
      {' '}redacted automatically {num(b.redactedAutomatically)}, redacted by a reviewer {num(b.redactedByReviewer)}, released as they were {num(b.releasedAsIs)}, rejected {num(b.rejected)}.
    </Text>
  );
}

/**
 * Scale-out (populate --distribute): the newest run's study jobs across all workers. Dead-lettered studies are
 * rejected in the funnel above with their error code; an operator redrives them after fixing the cause.
 */
function WorkQueueNotice({ q }: { readonly q: WorkQueueCounts }) {
  return (
    <Text size="sm">
      Study queue of run {q.run} (all workers): {num(q.completed)} done, {num(q.queued)} waiting for a worker, {num(q.active)} running,
      {' '}{num(q.retry)} to retry, {num(q.dead)} failed to the dead-letter queue.
    </Text>
  );
}

export function FunnelSection() {
  const funnel = useFunnel();
  return (
    <Section title="Funnel" intro="Studies identified in the source and where each ended.">
      <ReportStatus query={funnel} what="the funnel" empty={{ title: 'No funnel yet', text: 'It is written by the first population run.' }} />
      {funnel.data ? <FunnelBody f={funnel.data} /> : null}
      {funnel.data && funnel.data.identified > 0 ? <HeldNotice held={funnel.data.held} review={funnel.data.review} /> : null}
      {funnel.data?.burnedIn ? <BurnedInNotice b={funnel.data.burnedIn} /> : null}
      {funnel.data?.workQueue ? <WorkQueueNotice q={funnel.data.workQueue} /> : null}
    </Section>
  );
}

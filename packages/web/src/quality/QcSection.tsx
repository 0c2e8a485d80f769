/**
 * The clinical quality report of the last population run: rows kept/merged/excluded per table and each QC
 * check's errors and warnings, as a chart of the checks that found something and a table of all of them.
 */
import { BarChart } from '@mantine/charts';
import { Table, Text, VisuallyHidden } from '@mantine/core';
import { useQc } from '../api/queries.ts';
import type { QcReport } from '../api/types.ts';
import { ReportStatus } from '../components/ReportStatus.tsx';
import { RowCountsTable } from '../components/RowCountsTable.tsx';
import { Section } from '../components/Section.tsx';
import { Stats } from '../components/Stat.tsx';
import { dateTime, num } from '../format.ts';

function ChecksChart({ qc }: { readonly qc: QcReport }) {
  const found = qc.checks.filter((c) => c.errors + c.warnings > 0);
  if (found.length === 0) return <Text size="sm">No check found an error or a warning.</Text>;
  const data = found.map((c) => ({ check: c.check, errors: c.errors, warnings: c.warnings }));
  return (
    <figure style={{ margin: 0 }}>
      <BarChart
        h={Math.max(140, found.length * 28 + 60)}
        maw={900}
        data={data}
        dataKey="check"
        orientation="vertical"
        type="stacked"
        series={[{ name: 'errors', color: 'red.7' }, { name: 'warnings', color: 'orange.6' }]}
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        gridAxis="none"
        yAxisProps={{ width: Math.min(220, Math.max(80, Math.max(...found.map((c) => c.check.length)) * 7 + 10)), interval: 0 }}
        valueFormatter={(v) => num(v)}
        tooltipAnimationDuration={0}
        barProps={{ isAnimationActive: false }}
        aria-hidden
        accessibilityLayer={false}
      />
      <VisuallyHidden component="figcaption">
        Checks with findings: {found.map((c) => `${c.check} ${num(c.errors)} errors, ${num(c.warnings)} warnings`).join('; ')}.
      </VisuallyHidden>
    </figure>
  );
}

function ChecksTable({ qc }: { readonly qc: QcReport }) {
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped withTableBorder fz="sm" verticalSpacing={4}>
        <Table.Caption>Quality checks of the clinical data</Table.Caption>
        <Table.Thead>
          <Table.Tr><Table.Th scope="col">Check</Table.Th><Table.Th scope="col" ta="right">Errors</Table.Th><Table.Th scope="col" ta="right">Warnings</Table.Th><Table.Th scope="col" ta="right">Patients</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {qc.checks.map((c) => (
            <Table.Tr key={c.check}>
              <Table.Th scope="row" fw={500}>
                <Text size="sm" fw={600}>{c.check}</Text>
                <Text size="xs" c="dimmed">{c.description}</Text>
              </Table.Th>
              <Table.Td ta="right" c={c.errors ? 'red.9' : undefined} fw={c.errors ? 700 : undefined}>{num(c.errors)}</Table.Td>
              <Table.Td ta="right" fw={c.warnings ? 700 : undefined}>{num(c.warnings)}</Table.Td>
              <Table.Td ta="right">{num(c.patients)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function QcBody({ qc }: { readonly qc: QcReport }) {
  const errors = qc.checks.reduce((a, c) => a + c.errors, 0);
  const warnings = qc.checks.reduce((a, c) => a + c.warnings, 0);
  return (
    <>
      <Text size="sm" c="dimmed">From run {qc.run ?? '—'} on {dateTime(qc.createdAt)}{qc.linkageChecked ? '; linkage to the imaging studies checked' : '; linkage to the imaging studies not checked'}.</Text>
      <Stats cols={5} items={[
        { label: 'Rows read', value: num(qc.rows.total), hint: `${num(qc.rows.kept)} kept, ${num(qc.rows.merged)} merged` },
        { label: 'Rows excluded', value: num(qc.rows.excluded) },
        { label: 'Patients', value: num(qc.patients.total), hint: `${num(qc.patients.excluded)} excluded` },
        { label: 'Errors', value: num(errors) },
        { label: 'Warnings', value: num(warnings) },
      ]} />
      <ChecksChart qc={qc} />
      <ChecksTable qc={qc} />
      {qc.tables.length > 0 ? <RowCountsTable caption="Clinical rows per table" first="Table" rows={qc.tables.map((t) => ({ label: t.table, total: t.rows, kept: t.kept, merged: t.merged, excluded: t.excluded }))} /> : null}
    </>
  );
}

export function QcSection() {
  const qc = useQc();
  return (
    <Section title="Clinical data quality" intro="The checks the last population run made on the clinical tables.">
      <ReportStatus query={qc} what="the quality report" empty={{ title: 'No clinical quality report yet', text: 'It is written when a population run harmonises clinical data (a cohort with a clinical section).' }} />
      {qc.data ? <QcBody qc={qc.data} /> : null}
    </Section>
  );
}

/**
 * A dataset version's re-identification risk, one record per patient: k, prosecutor and journalist risk and
 * the share of unique patients, as integrated ("before") and as released ("after", measured on the written
 * version), against the policy's limits; and the share of released patients each attacker model re-identified
 * with the hospital's own records. A grouped bar chart of the shares and tables with every figure (the chart's
 * text alternative, and where the words "within" / "outside" say what the colours say).
 */
import { BarChart } from '@mantine/charts';
import { Badge, Group, SimpleGrid, Table, Text, VisuallyHidden } from '@mantine/core';
import type { RiskReport, RiskSummaryJson } from '../api/types.ts';
import { num, pct } from '../format.ts';

interface Row {
  readonly label: string;
  readonly before: number;
  readonly after: number;
  /** The policy's limit and whether a value must stay at most (max) or at least (min) it. */
  readonly limit?: { readonly value: number; readonly kind: 'max' | 'min' };
  readonly share: boolean;
}

function rows(r: RiskSummaryJson): Row[] {
  const b: RiskReport = r.before;
  const a: RiskReport = r.after;
  return [
    { label: 'k (smallest group of patients)', before: b.k, after: a.k, limit: { value: r.policy.minK, kind: 'min' }, share: false },
    { label: 'Prosecutor risk, highest', before: b.prosecutor.highest, after: a.prosecutor.highest, limit: { value: r.policy.maxProsecutorRisk, kind: 'max' }, share: true },
    { label: 'Prosecutor risk, average', before: b.prosecutor.average, after: a.prosecutor.average, share: true },
    { label: 'Journalist risk, highest', before: b.journalist.highest, after: a.journalist.highest, share: true },
    { label: 'Journalist risk, average', before: b.journalist.average, after: a.journalist.average, share: true },
    { label: 'Unique patients (share)', before: b.uniqueShare, after: a.uniqueShare, share: true },
    ...(a.lDiversity ? [{ label: `l (distinct ${a.lDiversity.attribute} per group)`, before: b.lDiversity?.distinct ?? 0, after: a.lDiversity.distinct, limit: { value: r.policy.minL, kind: 'min' as const }, share: false }] : []),
  ];
}

const show = (v: number, share: boolean): string => (share ? pct(v) : num(v));
const within = (v: number, limit: Row['limit']): boolean | null => (limit ? (limit.kind === 'max' ? v <= limit.value : v >= limit.value) : null);

function Verdict({ ok }: { readonly ok: boolean | null }) {
  if (ok === null) return null;
  return <Badge size="xs" variant="light" color={ok ? 'green' : 'red'} ml={6}>{ok ? 'within' : 'outside'}</Badge>;
}

export function RiskTable({ risk }: { readonly risk: RiskSummaryJson }) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped withTableBorder fz="sm" verticalSpacing={4}>
        <Table.Caption>Re-identification risk as integrated and as released, with the policy&apos;s limits</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Measure</Table.Th>
            <Table.Th scope="col" ta="right">As integrated</Table.Th>
            <Table.Th scope="col" ta="right">As released</Table.Th>
            <Table.Th scope="col" ta="right">Policy</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows(risk).map((r) => (
            <Table.Tr key={r.label}>
              <Table.Th scope="row" fw={500}>{r.label}</Table.Th>
              <Table.Td ta="right">{show(r.before, r.share)}</Table.Td>
              <Table.Td ta="right">{show(r.after, r.share)}<Verdict ok={within(r.after, r.limit)} /></Table.Td>
              <Table.Td ta="right">{r.limit ? `${r.limit.kind === 'max' ? '≤' : '≥'} ${show(r.limit.value, r.share)}` : '—'}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Th scope="row" fw={500}>Patients measured</Table.Th>
            <Table.Td ta="right">{num(risk.before.records)}</Table.Td>
            <Table.Td ta="right">{num(risk.after.records)}</Table.Td>
            <Table.Td ta="right">—</Table.Td>
          </Table.Tr>
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function RiskChart({ risk, height = 220 }: { readonly risk: RiskSummaryJson; readonly height?: number }) {
  const data = rows(risk).filter((r) => r.share).map((r) => ({ measure: r.label, 'as integrated': r.before * 100, 'as released': r.after * 100 }));
  return (
    <figure style={{ margin: 0 }}>
      <BarChart
        h={height}
        data={data}
        dataKey="measure"
        orientation="vertical"
        series={[{ name: 'as integrated', color: 'gray.6' }, { name: 'as released', color: 'teal.8' }]}
        withLegend
        legendProps={{ verticalAlign: 'bottom' }}
        gridAxis="none"
        xAxisProps={{ domain: [0, 100] }}
        yAxisProps={{ width: 200, interval: 0 }}
        valueFormatter={(v) => `${num(Math.round(v * 10) / 10)} %`}
        tooltipAnimationDuration={0}
        barProps={{ isAnimationActive: false }}
        aria-hidden
        accessibilityLayer={false}
      />
      <VisuallyHidden component="figcaption">
        Risk shares as integrated and as released: {data.map((d) => `${d.measure} ${pct(d['as integrated'] / 100)} then ${pct(d['as released'] / 100)}`).join('; ')}.
      </VisuallyHidden>
    </figure>
  );
}

/** Each attacker model, run on the written version with the hospital's own records. */
export function AttackTable({ risk }: { readonly risk: RiskSummaryJson }) {
  return (
    <Table.ScrollContainer minWidth={520}>
      <Table striped withTableBorder fz="sm" verticalSpacing={4}>
        <Table.Caption>Attacks on the written version with the hospital&apos;s own records: patients re-identified uniquely</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Attacker</Table.Th>
            <Table.Th scope="col" ta="right">Re-identified</Table.Th>
            <Table.Th scope="col" ta="right">Share</Table.Th>
            <Table.Th scope="col" ta="right">Policy</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {risk.attacks.map((a) => (
            <Table.Tr key={a.model}>
              <Table.Th scope="row" fw={500}>{a.label}</Table.Th>
              <Table.Td ta="right">{num(a.reidentified)} of {num(risk.after.records)}</Table.Td>
              <Table.Td ta="right">{pct(a.share)}<Verdict ok={a.share <= risk.policy.maxAttackShare} /></Table.Td>
              <Table.Td ta="right">≤ {pct(risk.policy.maxAttackShare)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The release decision: allowed or refused, each failure, and what to generalise. */
export function RiskDecision({ risk }: { readonly risk: RiskSummaryJson }) {
  const d = risk.decision;
  return (
    <div>
      <Group gap="xs" mb={4}>
        <Text size="sm" fw={600}>Release decision:</Text>
        <Badge color={d.allowed ? 'green' : 'red'} variant="light">{d.allowed ? 'within the policy' : 'refused'}</Badge>
      </Group>
      {d.failures.length > 0 ? (
        <ul style={{ margin: 0, paddingLeft: 20 }}>
          {d.failures.map((f) => <li key={f}><Text size="sm" span>{f}</Text></li>)}
        </ul>
      ) : null}
      {d.suggestion ? <Text size="sm" mt={4}><strong>What to generalise:</strong> {d.suggestion}</Text> : null}
    </div>
  );
}

/** Everything about one version's risk, laid out side by side on a laptop screen. */
export function RiskFigures({ risk }: { readonly risk: RiskSummaryJson }) {
  return (
    <>
      <Text size="sm" c="dimmed">
        One record per patient over {risk.quasiIdentifiers.length} quasi-identifiers ({risk.quasiIdentifiers.join(', ') || '—'}); dates: {risk.datePolicy}.
        {risk.generalisation.length ? ` Generalised: ${risk.generalisation.join('; ')}.` : ' No generalisation.'}
        {` ${num(risk.suppressedPatients)} ${risk.suppressedPatients === 1 ? 'patient' : 'patients'} suppressed, ${num(risk.studiesLeftOut)} more ${risk.studiesLeftOut === 1 ? 'study' : 'studies'} left out.`}
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg" style={{ alignItems: 'start' }}>
        <RiskChart risk={risk} />
        <RiskTable risk={risk} />
      </SimpleGrid>
      <AttackTable risk={risk} />
    </>
  );
}

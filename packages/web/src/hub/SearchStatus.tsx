/**
 * What Lens does not show: the privacy budget left before a search spends some of it, and which nodes have
 * not (yet) answered, so a partial total is never read as the whole federation's.
 */
import { Alert, Group, List, Loader, Paper, Text } from '@mantine/core';
import { ApiError } from '../api/client.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useBudget } from './hub-api.ts';
import type { Coverage } from './search-progress.ts';

const round = (x: number): string => (Math.round(x * 100) / 100).toLocaleString('en');

export function BudgetLine() {
  const budget = useBudget();
  if (budget.isPending) return <Group gap="xs"><Loader size="xs" aria-label="Loading your privacy budget" /><Text size="sm">Privacy budget…</Text></Group>;
  if (budget.isError) {
    if (budget.error instanceof ApiError && budget.error.status === 404) return <Text size="sm" c="dimmed">This server keeps no privacy budget.</Text>;
    return <ProblemAlert error={budget.error} title="Your privacy budget could not be read" onRetry={() => void budget.refetch()} />;
  }
  const b = budget.data;
  const refill = b.nextRefillAt === null ? '' : `; more becomes available on ${new Date(b.nextRefillAt).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}`;
  return (
    <Paper withBorder radius="md" p="sm" role="status" aria-live="polite">
      <Text size="sm"><Text span fw={600}>Privacy budget left: ε {round(b.remaining)} of {round(b.total)}</Text> for {b.windowDays} days{refill}.</Text>
      <Text size="xs" c="dimmed">Every search spends some ε, whatever the nodes answer, so that repeated searches cannot average the noise of the counts away.</Text>
    </Paper>
  );
}

const REASONS = { deadline: 'did not answer in time', failed: 'reported an error', unreadable: 'sent an answer that could not be read' } as const;

export function CoverageNotice({ coverage }: { readonly coverage: Coverage }) {
  if (coverage.asked === 0) return null;
  const { asked, answered, working, missing } = coverage;
  if (working.length > 0) {
    return (
      <Group gap="xs" role="status" aria-live="polite">
        <Loader size="xs" aria-hidden />
        <Text size="sm">{answered.length} of {asked} nodes answered; waiting for {working.join(', ')}.</Text>
      </Group>
    );
  }
  if (missing.length === 0) return <Text size="sm" role="status" aria-live="polite">All {asked} nodes answered.</Text>;
  return (
    <Alert color="orange" role="status" aria-live="polite" title={`Partial result: ${answered.length} of ${asked} nodes answered`}>
      <Text size="sm">The counts below leave out these nodes:</Text>
      <List size="sm">{missing.map((m) => <List.Item key={m.site}>{m.site} {REASONS[m.reason]}</List.Item>)}</List>
    </Alert>
  );
}

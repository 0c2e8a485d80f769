/** One review item: its held images, and the decision (to take, or as taken: decisions are final). */
import { Alert, Anchor, Code, Group, Loader, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { isNotFound, useReviewItem } from '../api/queries.ts';
import type { ReviewDetail } from '../api/types.ts';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { Section } from '../components/Section.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { Stats } from '../components/Stat.tsx';
import { dateTime, words } from '../format.ts';
import { DecisionForm } from '../review/DecisionForm.tsx';
import { HeldPreview } from '../review/HeldPreview.tsx';

function Decision({ item }: { readonly item: ReviewDetail }) {
  return (
    <Alert color={item.status === 'approved' ? 'green' : 'red'} title={<Group gap="xs">Decided: <StateBadge state={item.status} size="md" /></Group>}>
      <Stack gap={4}>
        <Text size="sm">By {item.decidedBy ?? '—'} on {dateTime(item.decidedAt)}.</Text>
        {item.note ? <Text size="sm">Reason: {item.note}</Text> : null}
        <Text size="sm" c="dimmed">Decisions are final.</Text>
      </Stack>
    </Alert>
  );
}

function Item({ id }: { readonly id: string }) {
  const query = useReviewItem(id);
  if (query.isPending) return <Group gap="xs"><Loader size="sm" aria-label="Loading the review item" /><Text size="sm">Loading…</Text></Group>;
  if (query.isError) {
    return isNotFound(query.error)
      ? <Alert color="gray" title="No such review item"><Text size="sm">There is no review item {id} on this node. Back to <Anchor component={Link} to="/review">the queue</Anchor>.</Text></Alert>
      : <ProblemAlert error={query.error} title="The review item could not be read" onRetry={() => void query.refetch()} />;
  }
  const item = query.data;
  return (
    <Stack gap="lg">
      <Stats cols={4} items={[
        { label: 'Study key', value: <Code fz="sm" title={item.study}>{item.study.length > 14 ? `${item.study.slice(0, 14)}…` : item.study}</Code> },
        { label: 'Kind', value: words(item.kind) },
        { label: 'Held instances', value: item.held.length },
        { label: 'Created', value: <Text span size="md" fw={700}>{dateTime(item.createdAt)}</Text> },
      ]} />
      <Section title="Held images" intro={item.status === 'pending' ? 'Look for names, dates or other identifying text in the pixels.' : undefined}>
        {item.held.length === 0
          ? <Text size="sm" c="dimmed">No instance of this study is held now.</Text>
          : (
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
              {item.held.map((h) => <HeldPreview key={h.index} item={item.id} index={h.index} modality={h.modality} path={h.path} />)}
            </SimpleGrid>
          )}
      </Section>
      <Section title="Decision">
        <div aria-live="polite">
          {item.status === 'pending' ? null : <Decision item={item} />}
        </div>
        {item.status === 'pending' ? <DecisionForm item={item} /> : null}
      </Section>
    </Stack>
  );
}

export function ReviewItemPage() {
  const { id = '' } = useParams();
  return (
    <Page title={`Review item ${id}`} intro={<Anchor component={Link} to="/review">Back to the queue</Anchor>}>
      <RequireRole stewards><Item id={id} /></RequireRole>
    </Page>
  );
}

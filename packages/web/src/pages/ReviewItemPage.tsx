/**
 * One review item: its held images in the viewer (full resolution, window/level, the boxes OCR and the device
 * templates found, the header) each with its own decision (release, redact these boxes, reject), the decision
 * on the whole item (to take, or as taken: decisions are final), and a way on to the next item.
 */
import { Alert, Anchor, Button, Code, Group, Loader, Stack, Text } from '@mantine/core';
import { Link, useParams } from 'react-router';
import { isNotFound, useReviewItem, useReviewList } from '../api/queries.ts';
import type { ReviewDetail } from '../api/types.ts';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { Section } from '../components/Section.tsx';
import { StateBadge } from '../components/StateBadge.tsx';
import { Stats } from '../components/Stat.tsx';
import { dateTime, words } from '../format.ts';
import { DecisionForm } from '../review/DecisionForm.tsx';
import { HeldImages } from '../review/HeldImages.tsx';

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

/** The next pending item after this one (by number, wrapping round), or a note that none waits. */
function NextItem({ id }: { readonly id: number }) {
  const pending = useReviewList('pending');
  const others = (pending.data ?? []).filter((i) => i.id !== id);
  const next = others.find((i) => i.id > id) ?? others[0];
  if (pending.isPending) return null;
  return next
    ? <Button component={Link} to={`/review/${next.id}`} variant="light" size="xs">Next item ({next.id})</Button>
    : <Text size="sm" c="dimmed">No other item waits for review.</Text>;
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
        { label: 'Held images', value: item.held.length },
        { label: 'Created', value: <Text span size="md" fw={700}>{dateTime(item.createdAt)}</Text> },
      ]} />
      <Section title="Held images" intro={item.status === 'pending' ? 'Look for names, dates or other identifying text in the pixels: zoom into the corners and widen the window for faint text. Decide each image, or the whole item below.' : undefined}>
        {item.held.length === 0
          ? <Text size="sm" c="dimmed">No instance of this study is held now.</Text>
          : <HeldImages item={item} />}
      </Section>
      <Section title="Decision" actions={<NextItem id={item.id} />}>
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

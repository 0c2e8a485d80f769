/**
 * One review item: its held images in the viewer (full resolution, window/level, boxes, the header), the
 * decision (to take, or as taken: decisions are final), and a way on to the next item waiting for review.
 */
import { Alert, Anchor, Button, Code, Group, Loader, NativeSelect, Stack, Text } from '@mantine/core';
import { useState } from 'react';
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
import { HeldViewer } from '../review/HeldViewer.tsx';
import type { ViewerBox } from '../review/ImageViewer.tsx';

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

/** The held images one at a time in the viewer; boxes drawn are kept per image while the page is open. */
function HeldImages({ item }: { readonly item: ReviewDetail }) {
  const [shown, setShown] = useState(0);
  const [boxes, setBoxes] = useState<Readonly<Record<number, ViewerBox[]>>>({});
  const held = item.held[Math.min(shown, item.held.length - 1)]!;
  return (
    <Stack gap="sm">
      {item.held.length > 1 ? (
        <NativeSelect
          w={320}
          label="Held image"
          value={String(held.index)}
          onChange={(e) => setShown(item.held.findIndex((h) => String(h.index) === e.currentTarget.value))}
          data={item.held.map((h, i) => ({ value: String(h.index), label: `Image ${i + 1} of ${item.held.length} · ${h.modality ?? 'modality unknown'}` }))}
        />
      ) : null}
      <HeldViewer
        key={held.index}
        item={item.id} index={held.index} modality={held.modality} path={held.path}
        boxes={boxes[held.index] ?? []}
        onBoxesChange={(next) => setBoxes((b) => ({ ...b, [held.index]: next }))}
      />
    </Stack>
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
        { label: 'Held instances', value: item.held.length },
        { label: 'Created', value: <Text span size="md" fw={700}>{dateTime(item.createdAt)}</Text> },
      ]} />
      <Section title="Held images" intro={item.status === 'pending' ? 'Look for names, dates or other identifying text in the pixels: zoom into the corners and widen the window for faint text.' : undefined}>
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

/**
 * The review queue: studies with instances held because they may show burned-in text, waiting for a steward
 * to look at them; and the ones decided already.
 */
import { Badge, Group, Loader, Tabs, Text } from '@mantine/core';
import { useSearchParams } from 'react-router';
import { useReviewList } from '../api/queries.ts';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { ReviewTable } from '../review/ReviewTable.tsx';

type Status = 'pending' | 'decided';

function ReviewList({ status }: { readonly status: Status }) {
  const list = useReviewList(status);
  if (list.isPending) return <Group gap="xs" py="sm"><Loader size="sm" aria-label="Loading the review items" /><Text size="sm">Loading…</Text></Group>;
  if (list.isError) return <ProblemAlert error={list.error} title="The review queue could not be read" onRetry={() => void list.refetch()} />;
  return (
    <ReviewTable items={list.data} decided={status === 'decided'}
      caption={status === 'pending' ? 'Items waiting for a decision, oldest first' : 'Items decided, oldest first'} />
  );
}

function Queue() {
  const [params, setParams] = useSearchParams();
  const tab: Status = params.get('status') === 'decided' ? 'decided' : 'pending';
  const pending = useReviewList('pending');
  return (
    <Tabs value={tab} onChange={(v) => setParams(v === 'decided' ? { status: 'decided' } : {}, { replace: true })} keepMounted={false}>
      <Tabs.List aria-label="Review items">
        <Tabs.Tab value="pending" rightSection={pending.data ? <Badge size="sm" variant="light" color={pending.data.length ? 'yellow' : 'gray'}>{pending.data.length}</Badge> : null}>
          Pending
        </Tabs.Tab>
        <Tabs.Tab value="decided">Decided</Tabs.Tab>
      </Tabs.List>
      <Tabs.Panel value="pending" pt="md"><ReviewList status="pending" /></Tabs.Panel>
      <Tabs.Panel value="decided" pt="md"><ReviewList status="decided" /></Tabs.Panel>
    </Tabs>
  );
}

export function ReviewQueuePage() {
  return (
    <Page title="Review" intro="Studies with instances held for possible burned-in text. Look at each held image, then approve (release them) or reject (keep them out).">
      <RequireRole stewards><Queue /></RequireRole>
    </Page>
  );
}

/**
 * The steward's decision on a whole review item: a reason (kept in the ledger, its hash in the audit log) and
 * approve (every image still held is released as it is) or reject (they are all kept out). Images decided one
 * by one keep their decisions. Decisions are final, so the buttons lock while one is on its way.
 */
import { Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { postJson, seg } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { ReviewDetail } from '../api/types.ts';
import { useNotify } from '../components/Notifications.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

const MAX_REASON = 2000;

export function DecisionForm({ item }: { readonly item: ReviewDetail }) {
  const client = useQueryClient();
  const notify = useNotify();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const decide = useMutation({
    mutationFn: (decision: 'approve' | 'reject') =>
      postJson<ReviewDetail>(`/api/review/${seg(item.id)}/decision`, { decision, reason: reason.trim() }),
    onSuccess: (detail) => {
      client.setQueryData(keys.reviewItem(String(item.id)), detail);
      for (const key of [keys.review, keys.funnel]) void client.invalidateQueries({ queryKey: key });
      notify({ title: detail.status === 'approved' ? `Item ${item.id} approved` : `Item ${item.id} rejected`, message: detail.status === 'approved' ? 'The images still held are released into the atlas.' : 'The images still held stay out of the atlas.' });
    },
    onError: () => { void client.invalidateQueries({ queryKey: keys.reviewItem(String(item.id)) }); },
  });
  const submit = (decision: 'approve' | 'reject') => {
    if (reason.trim().length === 0) {
      setError('Give the reason for the decision: it is recorded with it.');
      return;
    }
    setError(null);
    decide.mutate(decision);
  };
  return (
    <Stack gap="sm" component="form" onSubmit={(e) => e.preventDefault()} aria-label="Decision">
      <Textarea
        label="Reason"
        description={`Why you approve or reject: what you saw in the images. Recorded with your decision (at most ${MAX_REASON} characters).`}
        required
        autosize
        minRows={3}
        maxLength={MAX_REASON}
        value={reason}
        onChange={(e) => { setReason(e.currentTarget.value); if (error) setError(null); }}
        error={error}
        disabled={decide.isPending}
      />
      <Group gap="sm">
        <Button color="teal" onClick={() => submit('approve')} loading={decide.isPending && decide.variables === 'approve'} disabled={decide.isPending}>Approve</Button>
        <Button color="red" variant="outline" onClick={() => submit('reject')} loading={decide.isPending && decide.variables === 'reject'} disabled={decide.isPending}>Reject</Button>
        <Text size="xs" c="dimmed">For the whole item: approving releases every image still held into the atlas as it is; rejecting keeps them all out. Images already decided keep their decisions. Decisions are final.</Text>
      </Group>
      <div aria-live="polite">{decide.isPending ? <Text size="sm">Recording the decision…</Text> : null}</div>
      {decide.isError ? <ProblemAlert error={decide.error} title="The decision was not recorded" /> : null}
    </Stack>
  );
}

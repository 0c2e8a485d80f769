/**
 * The steward's review of a job's outputs: a note (the researcher reads it; it is in the audit log's
 * JOB_REVIEWED with the decision), then release or refuse, each confirmed in a dialog that says what leaves
 * the node. Final, like every review.
 */
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useNotify } from '../components/Notifications.tsx';
import { useReviewJob } from './jobs-api.ts';
import { reviewSummary } from './jobs.ts';
import type { Job } from './jobs-types.ts';

const MAX_NOTE = 2000;

export function ReviewJob({ job }: { readonly job: Job }) {
  const review = useReviewJob(job.id);
  const notify = useNotify();
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<'release' | 'refuse' | null>(null);
  const summary = reviewSummary(job);
  const ask = (decision: 'release' | 'refuse') => {
    if (note.trim().length === 0) { setProblem('Write a note: what you checked, and why you release or refuse. The researcher reads it.'); return; }
    setProblem(null);
    setConfirming(decision);
  };
  const decide = () => {
    if (!confirming) return;
    review.mutate({ decision: confirming, note: note.trim() }, {
      onSuccess: (j) => {
        setConfirming(null);
        notify({ title: j.state === 'released' ? 'Outputs released' : 'Outputs refused', message: j.state === 'released' ? 'The researcher can now download the outputs that were not blocked.' : 'No output of this job leaves the node.' });
      },
    });
  };
  return (
    <Stack gap="sm" component="form" aria-label="Review the outputs" onSubmit={(e) => e.preventDefault()}>
      <Text size="sm">
        Releasing lets {summary.leaving} output{summary.leaving === 1 ? '' : 's'} leave the node
        {summary.blocked > 0 ? `; ${summary.blocked} blocked by the checks stay${summary.blocked === 1 ? 's' : ''} here whatever you decide` : ''}.
        {summary.warned > 0 ? ` ${summary.warned} carr${summary.warned === 1 ? 'ies' : 'y'} warnings: look at ${summary.warned === 1 ? 'it' : 'them'} before you release.` : ''}
      </Text>
      <Textarea label="Review note" required autosize minRows={3} maxLength={MAX_NOTE} value={note} error={problem} disabled={review.isPending}
        description={`What you checked; recorded with your decision and shown to the researcher (at most ${MAX_NOTE} characters).`}
        onChange={(e) => { setNote(e.currentTarget.value); if (problem) setProblem(null); }} />
      <Group gap="sm">
        <Button color="teal" onClick={() => ask('release')} disabled={review.isPending}>Release…</Button>
        <Button color="red" variant="outline" onClick={() => ask('refuse')} disabled={review.isPending}>Refuse…</Button>
      </Group>
      {review.isError && !confirming ? <ProblemAlert error={review.error} title="The review was not recorded" /> : null}
      <Modal opened={confirming !== null} onClose={() => { if (!review.isPending) { setConfirming(null); review.reset(); } }}
        title={confirming === 'release' ? 'Release these outputs?' : 'Refuse these outputs?'} closeButtonProps={{ 'aria-label': 'Close without deciding' }}>
        <Stack gap="sm">
          {confirming === 'release'
            ? <Text size="sm">{summary.leaving} output{summary.leaving === 1 ? '' : 's'} of this job become{summary.leaving === 1 ? 's' : ''} available to {job.researcher}{job.origin === 'hub' ? ' and go to the hub' : ''}. This cannot be undone.</Text>
            : <Text size="sm">No output of this job leaves the node; {job.researcher} reads your note. This cannot be undone.</Text>}
          {confirming === 'release' && summary.warned > 0 ? <Alert color="yellow" title="Some outputs carry warnings"><Text size="sm">Release only if you have checked them.</Text></Alert> : null}
          {review.isError ? <ProblemAlert error={review.error} title="The review was not recorded" /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => { setConfirming(null); review.reset(); }} disabled={review.isPending}>Cancel</Button>
            <Button color={confirming === 'release' ? 'teal' : 'red'} onClick={decide} loading={review.isPending} data-autofocus>
              {confirming === 'release' ? 'Release outputs' : 'Refuse outputs'}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

/**
 * The decision on one held image: release it as it is, redact the selected boxes (and release it), or reject
 * it. Each asks for confirmation in a dialog that says what will happen (how many boxes, that it is final)
 * and for the reason, which is recorded with it. A decided image shows its decision instead.
 */
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { keys } from '../api/queries.ts';
import type { HeldDecided, HeldImage, PixelAction, ReviewDetail } from '../api/types.ts';
import { useNotify } from '../components/Notifications.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { dateTime } from '../format.ts';
import { postHeldDecision, RedactionIncomplete, type Remaining } from './held-decision-api.ts';
import { confirmation, decisionLine } from './held-boxes.ts';

const MAX_REASON = 2000;

const VERIFIED: Readonly<Record<HeldDecided['decided']['verification'], string>> = {
  'verified': 'OCR of the redacted image reads none of the patient\'s identifiers.',
  'no-source': 'Not verified by OCR: the node cannot read the source file any more.',
  'no-ocr': 'Not verified by OCR: the node has no OCR engine.',
  'not-redacted': '',
};

export function ImageDecision({ item, held, boxes, onRemaining }: {
  readonly item: ReviewDetail;
  readonly held: HeldImage;
  /** The boxes a redaction would blank (the selected ones, in whole pixels). */
  readonly boxes: readonly (readonly [number, number, number, number])[];
  /** Where OCR still reads an identifier after a refused redaction, for the viewer to draw. */
  readonly onRemaining: (remaining: readonly Remaining[]) => void;
}) {
  const client = useQueryClient();
  const notify = useNotify();
  const [confirming, setConfirming] = useState<PixelAction | null>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const n = held.index + 1;
  const decide = useMutation({
    mutationFn: (action: PixelAction) => postHeldDecision(item.id, held.index, { action, reason: reason.trim(), ...(action === 'redact' ? { boxes } : {}) }),
    onSuccess: (detail) => {
      const { decided, ...rest } = detail;
      client.setQueryData(keys.reviewItem(String(item.id)), rest);
      for (const key of [keys.review, keys.funnel]) void client.invalidateQueries({ queryKey: key });
      // Read again (another audited read): the viewer shows the released, redacted file from now on.
      for (const what of ['image', 'header']) void client.invalidateQueries({ queryKey: ['review-viewer', what, item.id, held.index] });
      setConfirming(null);
      setReason('');
      const done = decided.action === 'release' ? 'released' : decided.action === 'redact' ? 'redacted and released' : 'rejected';
      notify({ title: `Held image ${n} ${done}`, message: [VERIFIED[decided.verification], rest.status !== 'pending' ? `Every image is decided: item ${item.id} is ${rest.status}.` : ''].filter(Boolean).join(' ') || undefined });
    },
    onError: (err) => {
      if (err instanceof RedactionIncomplete) onRemaining(err.remaining);
      void client.invalidateQueries({ queryKey: keys.reviewItem(String(item.id)) });
    },
  });

  if (held.decision) {
    const d = held.decision;
    return (
      <Alert color={d.action === 'reject' ? 'red' : 'green'} title={`Held image ${n}: decided`}>
        <Text size="sm">{decisionLine(d)} on {dateTime(d.at)}.</Text>
        <Text size="xs" c="dimmed">Decisions are final.</Text>
      </Alert>
    );
  }
  if (item.status !== 'pending') return <Text size="sm" c="dimmed">Held image {n} was decided with the whole item.</Text>;

  const ask = (action: PixelAction) => { setMissing(null); decide.reset(); setConfirming(action); };
  const confirm = () => {
    if (!confirming) return;
    if (reason.trim().length === 0) { setMissing('Give the reason for the decision: it is recorded with it.'); return; }
    decide.mutate(confirming);
  };
  const close = () => { if (!decide.isPending) { setConfirming(null); decide.reset(); setMissing(null); } };
  const text = confirming ? confirmation(confirming, boxes.length, n) : null;
  return (
    <Stack gap="xs" role="group" aria-label={`Decision on held image ${n}`}>
      <Group gap="sm">
        <Button color="teal" variant="light" onClick={() => ask('release')}>Release as is</Button>
        <Button color="orange" onClick={() => ask('redact')} disabled={boxes.length === 0}>Redact these boxes ({boxes.length})</Button>
        <Button color="red" variant="outline" onClick={() => ask('reject')}>Reject image</Button>
      </Group>
      <Text size="xs" c="dimmed">
        {boxes.length === 0 ? 'Select or draw the boxes to blank to redact this image. ' : ''}
        {item.ocr ? `The node checks a redaction with OCR (${item.ocr}) when it can read the source file.` : 'This node has no OCR engine: a redaction is not checked for text left readable.'}
      </Text>
      <Modal opened={confirming !== null} onClose={close} title={text?.title} closeButtonProps={{ 'aria-label': 'Close without deciding' }}>
        <Stack gap="sm">
          <Text size="sm">{text?.body}</Text>
          <Textarea label="Reason" required autosize minRows={2} maxLength={MAX_REASON} value={reason} error={missing} disabled={decide.isPending} data-autofocus
            description={`Why: what you saw in this image. Recorded with the decision (at most ${MAX_REASON} characters).`}
            onChange={(e) => { setReason(e.currentTarget.value); if (missing) setMissing(null); }} />
          {decide.isError ? <ProblemAlert error={decide.error} title="The decision was not recorded" /> : null}
          {decide.error instanceof RedactionIncomplete && decide.error.remaining.length > 0
            ? <Text size="sm">The places OCR still reads are drawn on the image and selected: close this dialog, check them, and redact again.</Text> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={decide.isPending}>Cancel</Button>
            <Button color={confirming === 'reject' ? 'red' : confirming === 'redact' ? 'orange' : 'teal'} onClick={confirm} loading={decide.isPending}>{text?.confirm}</Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

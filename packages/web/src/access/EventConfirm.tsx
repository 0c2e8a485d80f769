/**
 * One button per event the caller may fire now, each behind a confirmation: events change a request for
 * every party and are recorded in its history, so nothing fires on a single stray click. The confirmation asks
 * for a reason (required where the event refuses or stops something) and, for INDICATE_ACCESS_CONDITIONS,
 * for the conditions the permit will carry: text, allowed actions, expiry.
 */
import { Button, Checkbox, Group, Modal, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import type { AccessConditions } from './access-types.ts';
import { CONDITIONS_EVENT, PERMIT_ACTION_LABELS, eventLabel, isNegativeEvent, needsReason } from './access-labels.ts';

export interface EventInput {
  readonly reason?: string;
  readonly conditions?: AccessConditions;
}

const MAX_REASON = 2000;

/** A year from today, as the date input's value: the default expiry of a permit. */
const inAYear = (): string => {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() + 1);
  return d.toISOString().slice(0, 10);
};

function ConfirmBody({ event, what, onConfirm, onDone }: {
  readonly event: string;
  readonly what: string;
  readonly onConfirm: (input: EventInput) => Promise<unknown>;
  readonly onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const [text, setText] = useState('');
  const [actions, setActions] = useState<string[]>([]);
  const [expiry, setExpiry] = useState(inAYear());
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const fire = useMutation({ mutationFn: onConfirm, onSuccess: onDone });
  const conditionsForm = event === CONDITIONS_EVENT;
  const submit = () => {
    const problems: Record<string, string> = {};
    if (needsReason(event) && reason.trim() === '') problems.reason = 'Give the reason: it is recorded with the event and shown to the other parties.';
    if (conditionsForm) {
      if (text.trim() === '') problems.text = 'Describe the conditions of access.';
      if (actions.length === 0) problems.actions = 'Choose at least one action.';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(expiry) || Date.parse(`${expiry}T23:59:59Z`) <= Date.now()) problems.expiry = 'Choose a date in the future.';
    }
    setInvalid(problems);
    if (Object.keys(problems).length > 0) return;
    fire.mutate({
      ...(reason.trim() ? { reason: reason.trim() } : {}),
      ...(conditionsForm ? { conditions: { text: text.trim(), actions, expiresAt: new Date(`${expiry}T23:59:59Z`).toISOString() } } : {}),
    });
  };
  return (
    // noValidate: the reason and conditions are checked below, with messages beside the fields.
    <form noValidate onSubmit={(e) => { e.preventDefault(); submit(); }} aria-label={eventLabel(event)}>
      <Stack gap="sm">
        <Text size="sm">{what}</Text>
        {conditionsForm ? (
          <>
            <Textarea label="Access conditions" description="What the researcher agrees to by accepting: terms of use, publication, acknowledgement." required autosize minRows={3}
              maxLength={MAX_REASON} value={text} onChange={(e) => setText(e.currentTarget.value)} error={invalid.text} />
            <Checkbox.Group label="Allowed actions" description="What the permit will allow at the node." required value={actions} onChange={setActions} error={invalid.actions}>
              <Group gap="md" mt={4}>
                {Object.entries(PERMIT_ACTION_LABELS).map(([value, label]) => <Checkbox key={value} value={value} label={label} />)}
              </Group>
            </Checkbox.Group>
            <TextInput type="date" label="Expiry date" description="The permit ends at the end of this day (UTC)." required value={expiry}
              onChange={(e) => setExpiry(e.currentTarget.value)} error={invalid.expiry} />
          </>
        ) : null}
        <Textarea label="Reason" description={needsReason(event) ? 'Required: recorded in the history and shown to the parties.' : 'Optional: recorded in the history.'}
          required={needsReason(event)} autosize minRows={2} maxLength={MAX_REASON} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={invalid.reason} />
        {fire.isError ? <ProblemAlert error={fire.error} title={`${eventLabel(event)} was refused`} /> : null}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={fire.isPending}>Cancel</Button>
          <Button type="submit" color={isNegativeEvent(event) ? 'red' : undefined} loading={fire.isPending}>Confirm</Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * The event buttons of one request or resource. `subject` names what the event acts on in the confirmation
 * ("the request", "Lung CT at node A").
 */
export function EventButtons({ events, subject, onFire, size = 'sm' }: {
  readonly events: readonly string[];
  readonly subject: string;
  readonly onFire: (event: string, input: EventInput) => Promise<unknown>;
  readonly size?: 'xs' | 'sm';
}) {
  const [open, setOpen] = useState<string | null>(null);
  if (events.length === 0) return <Text size="sm" c="dimmed">No action for you now</Text>;
  return (
    <>
      <Group gap="xs">
        {events.map((e) => (
          <Button key={e} size={size} variant={isNegativeEvent(e) ? 'outline' : 'filled'} color={isNegativeEvent(e) ? 'red' : undefined} onClick={() => setOpen(e)}>
            {eventLabel(e)}
          </Button>
        ))}
      </Group>
      <Modal opened={open !== null} onClose={() => setOpen(null)} title={open ? `${eventLabel(open)}: ${subject}` : ''} size="lg">
        {open ? (
          <ConfirmBody key={open} event={open} onConfirm={(input) => onFire(open, input)} onDone={() => setOpen(null)}
            what={`This is recorded in the request's history with your name, and the other parties are notified.`} />
        ) : null}
      </Modal>
    </>
  );
}

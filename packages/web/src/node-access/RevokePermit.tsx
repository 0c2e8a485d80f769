/** Revoking a permit: a reason, then a confirmation, since the researcher loses access at the next check. */
import { Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useNotify } from '../components/Notifications.tsx';
import { useRevokePermit } from './node-access-api.ts';
import { datasetLabel, revokeProblem } from './node-access.ts';
import type { NodePermit } from './node-access-types.ts';

export function RevokePermit({ permit }: { readonly permit: NodePermit }) {
  const [opened, setOpened] = useState(false);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const revoke = useRevokePermit();
  const notify = useNotify();
  const close = () => { setOpened(false); setProblem(null); revoke.reset(); };
  const confirm = () => {
    const p = revokeProblem(reason);
    setProblem(p);
    if (p) return;
    revoke.mutate({ id: permit.id, reason: reason.trim() }, {
      onSuccess: () => { notify({ title: 'Permit revoked', message: `${permit.researcher} can no longer use ${datasetLabel(permit)}.` }); setOpened(false); setReason(''); },
    });
  };
  return (
    <>
      <Button size="xs" color="red" variant="outline" onClick={() => setOpened(true)} aria-label={`Revoke the permit of ${permit.researcher} for ${datasetLabel(permit)}`}>Revoke</Button>
      <Modal opened={opened} onClose={close} title="Revoke this permit?" closeButtonProps={{ 'aria-label': 'Close without revoking' }}>
        <Stack gap="sm">
          <Text size="sm">{permit.researcher} loses access to {datasetLabel(permit)} at once: the next check of the permit is refused. This cannot be undone.</Text>
          <Textarea label="Reason for revoking" required autosize minRows={2} maxLength={2000} value={reason}
            onChange={(e) => { setReason(e.currentTarget.value); setProblem(null); }} error={problem} disabled={revoke.isPending} data-autofocus />
          {revoke.isError ? <ProblemAlert error={revoke.error} title="The permit was not revoked" /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close} disabled={revoke.isPending}>Cancel</Button>
            <Button color="red" onClick={confirm} loading={revoke.isPending}>Revoke permit</Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

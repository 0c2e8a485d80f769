/**
 * Releasing a draft version (POST /api/datasets/:id/release): it becomes immutable, with its compliance
 * dossier. When the risk policy refuses it, the steward may override only with a justification, which the
 * audit log records.
 */
import { Alert, Button, Checkbox, Group, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { postJson, seg } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { DatasetVersion, ReleaseResponse } from '../api/types.ts';
import { useNotify } from '../components/Notifications.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

export function ReleasePanel({ v, onReleased }: { readonly v: DatasetVersion; readonly onReleased: (r: ReleaseResponse) => void }) {
  const client = useQueryClient();
  const notify = useNotify();
  const refused = !v.summary.risk.decision.allowed;
  const [override, setOverride] = useState(false);
  const [justification, setJustification] = useState('');
  const release = useMutation({
    mutationFn: () => postJson<ReleaseResponse>(`/api/datasets/${seg(v.id)}/release`, override ? { overrideRisk: true, justification: justification.trim() } : {}),
    onSuccess: (r) => {
      for (const key of [keys.datasets, keys.catalogueRecord(v.id), keys.catalogueEntries]) void client.invalidateQueries({ queryKey: key });
      notify({ title: `${r.id} version ${r.version} released`, message: r.dossier.html ? 'Its compliance dossier is ready.' : undefined });
      onReleased(r);
    },
  });
  const blocked = refused && (!override || justification.trim() === '');
  return (
    <Stack gap="sm">
      <Text size="sm">Releasing makes this version immutable and writes its compliance dossier. Only released versions can be published in the catalogue.</Text>
      {refused ? (
        <Alert color="red" title="The risk policy refuses this version">
          <Stack gap="xs">
            <Text size="sm">Create a new version that generalises more (see the suggestion above), or override if your data access committee accepts the risk.</Text>
            <Checkbox label="Override the risk decision" checked={override} onChange={(e) => setOverride(e.currentTarget.checked)} disabled={release.isPending} />
            {override ? (
              <Textarea label="Justification" required description="Why the risk is accepted, and who accepted it. Recorded in the audit log."
                value={justification} onChange={(e) => setJustification(e.currentTarget.value)} autosize minRows={2} disabled={release.isPending} />
            ) : null}
          </Stack>
        </Alert>
      ) : null}
      <Group gap="sm">
        <Button onClick={() => release.mutate()} loading={release.isPending} disabled={blocked} color={override ? 'red' : undefined}>Release</Button>
        <Text size="xs" c="dimmed" aria-live="polite">
          {release.isPending ? 'Releasing and writing the dossier…' : blocked ? (override ? 'Give a justification to release against the policy.' : 'Refused by the risk policy: override to release.') : ''}
        </Text>
      </Group>
      {release.isError ? <ProblemAlert error={release.error} title="The version was not released" /> : null}
    </Stack>
  );
}

/**
 * One document of an onboarding's checklist: its state (with the rejection's reason or the expiry date), the
 * file on record (download, SHA-256, who uploaded it when), the holder's upload and the reviewers' decision.
 */
import { Anchor, Badge, Button, Group, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { dateTime } from '../format.ts';
import { documentContentUrl, useDecideDocument, useUploadDocument } from './onboarding-api.ts';
import { documentStateText } from './onboarding.ts';
import type { OnboardingView } from './onboarding-types.ts';
import { FilePicker, ValidUntilInput } from './FilePicker.tsx';
import { DocumentStateBadge } from './StateBadges.tsx';
import { isoDay, uploadProblem } from './upload.ts';

type Item = OnboardingView['checklist'][number];

function Upload({ onboarding, item }: { readonly onboarding: string; readonly item: Item }) {
  const upload = useUploadDocument(onboarding);
  const [file, setFile] = useState<File | null>(null);
  const [validUntil, setValidUntil] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const { kind } = item;
  const send = () => {
    const p = uploadProblem(file) ?? (kind.expires && !isoDay(validUntil) ? 'Give the day this document stops being valid.' : null);
    setProblem(p);
    if (p || !file) return;
    upload.mutate({ kind: kind.id, file, validUntil: kind.expires ? isoDay(validUntil) : null }, { onSuccess: () => { setFile(null); } });
  };
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="md">
        <FilePicker label={`File for ${kind.title}`} onChange={(f) => { setFile(f); setProblem(null); }} disabled={upload.isPending} error={problem} />
        {kind.expires ? <ValidUntilInput label={`Valid until (${kind.title})`} value={validUntil} onChange={setValidUntil} disabled={upload.isPending} required /> : null}
        <Button size="sm" onClick={send} loading={upload.isPending} aria-label={item.document ? `Upload a new file for ${kind.title}` : `Upload ${kind.title}`}>{item.document ? 'Upload a new file' : 'Upload'}</Button>
      </Group>
      {upload.isError ? <ProblemAlert error={upload.error} title={`${kind.title} was not uploaded`} /> : null}
    </Stack>
  );
}

function Decide({ onboarding, item }: { readonly onboarding: string; readonly item: Item }) {
  const decide = useDecideDocument(onboarding);
  const [reason, setReason] = useState('');
  const [validUntil, setValidUntil] = useState(item.document?.validUntil?.slice(0, 10) ?? '');
  const [problem, setProblem] = useState<string | null>(null);
  const { kind, document } = item;
  if (!document) return null;
  const send = (decision: 'accept' | 'reject') => {
    if (decision === 'reject' && reason.trim() === '') { setProblem('Say why the document is rejected: the holder reads it.'); return; }
    setProblem(null);
    const day = isoDay(validUntil);
    decide.mutate({ document: document.id, decision, ...(reason.trim() ? { reason: reason.trim() } : {}), ...(day ? { validUntil: day } : {}) });
  };
  return (
    <Stack gap="xs">
      <Group align="flex-end" gap="md">
        <Textarea label={`Reason (${kind.title})`} description="Required to reject; recorded with the decision." autosize minRows={1} maxLength={2000}
          value={reason} onChange={(e) => { setReason(e.currentTarget.value); setProblem(null); }} error={problem} w={340} disabled={decide.isPending} />
        {kind.expires ? <ValidUntilInput label={`Accepted until (${kind.title})`} value={validUntil} onChange={setValidUntil} disabled={decide.isPending} /> : null}
        <Button size="sm" color="teal" onClick={() => send('accept')} loading={decide.isPending && decide.variables?.decision === 'accept'} disabled={decide.isPending} aria-label={`Accept ${kind.title}`}>Accept</Button>
        <Button size="sm" color="red" variant="outline" onClick={() => send('reject')} loading={decide.isPending && decide.variables?.decision === 'reject'} disabled={decide.isPending} aria-label={`Reject ${kind.title}`}>Reject</Button>
      </Group>
      {decide.isError ? <ProblemAlert error={decide.error} title={`The decision on ${kind.title} was not recorded`} /> : null}
    </Stack>
  );
}

export function ChecklistItem({ onboarding, item, canUpload, canDecide }: {
  readonly onboarding: string;
  readonly item: Item;
  readonly canUpload: boolean;
  readonly canDecide: boolean;
}) {
  const { kind, state, document } = item;
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-label={kind.title}>
      <Stack gap="xs">
        <Group justify="space-between" gap="sm" align="flex-start">
          <div>
            <Text fw={600}>{kind.title} <Text span size="xs" c="dimmed" ff="monospace">({kind.id})</Text></Text>
            <Text size="sm" c="dimmed">{kind.hint}</Text>
          </div>
          <Group gap={6}>
            {kind.required ? <Badge size="xs" variant="outline" color="gray">required</Badge> : <Badge size="xs" variant="outline" color="gray">optional</Badge>}
            {kind.requiredForPublication ? <Badge size="xs" variant="outline" color="blue">needed to publish</Badge> : null}
            {kind.expires ? <Badge size="xs" variant="outline" color="gray">expires</Badge> : null}
          </Group>
        </Group>
        <Group gap="sm" aria-label={`State of ${kind.title}`} role="group">
          <DocumentStateBadge state={state} />
          <Text size="sm">{documentStateText(state, document)}</Text>
        </Group>
        {document ? (
          <Text size="sm">
            <Anchor href={documentContentUrl(document.id)} download={document.filename} aria-label={`${document.filename}: download the ${kind.title}`}>{document.filename}</Anchor>
            {' · '}uploaded by {document.uploadedBy} on {dateTime(document.uploadedAt)}
            {document.decidedBy ? <> · decided by {document.decidedBy}{document.decidedAt ? ` on ${dateTime(document.decidedAt)}` : ''}</> : null}
            <br /><Text span size="xs" c="dimmed">SHA-256 </Text><Text span size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>{document.sha256}</Text>
          </Text>
        ) : null}
        {canUpload ? <Upload onboarding={onboarding} item={item} /> : null}
        {canDecide && document && document.state === 'submitted' ? <Decide onboarding={onboarding} item={item} /> : null}
      </Stack>
    </Paper>
  );
}

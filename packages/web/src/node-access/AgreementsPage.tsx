/**
 * /agreements at a node: which documents this node's path needs before a dataset can be published, which are
 * on file (filed here, or accepted at the hub during onboarding and sent here), and filing a new one.
 */
import { Alert, Badge, Button, Group, Loader, NativeSelect, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { Page } from '../components/Page.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { RequireRole } from '../components/RequireRole.tsx';
import { Section } from '../components/Section.tsx';
import { Empty } from '../components/EmptyState.tsx';
import { useNotify } from '../components/Notifications.tsx';
import { dateTime } from '../format.ts';
import { FilePicker, ValidUntilInput } from '../onboarding/FilePicker.tsx';
import { isoDay, uploadProblem } from '../onboarding/upload.ts';
import { useAgreements, useFileAgreement } from './node-access-api.ts';
import { requiredRows, type RequiredState } from './node-access.ts';
import type { AgreementsView } from './node-access-types.ts';

const REQUIRED_COLORS: Readonly<Record<RequiredState, string>> = { 'on file': 'green', missing: 'red', expired: 'orange' };

function FileForm({ view }: { readonly view: AgreementsView }) {
  const file = useFileAgreement();
  const notify = useNotify();
  const [kind, setKind] = useState(view.missing[0]?.id ?? view.required[0]?.id ?? '');
  const [chosen, setChosen] = useState<File | null>(null);
  const [validUntil, setValidUntil] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const send = () => {
    const p = uploadProblem(chosen);
    setProblem(p);
    if (p || !chosen || !kind) return;
    file.mutate({ kind, file: chosen, validUntil: isoDay(validUntil) }, {
      onSuccess: (a) => { notify({ title: `${a.title} filed`, message: `SHA-256 ${a.sha256.slice(0, 16)}…` }); setChosen(null); setValidUntil(''); setRound((r) => r + 1); },
    });
  };
  return (
    <Stack gap="sm" component="form" aria-label="File an agreement" onSubmit={(e) => { e.preventDefault(); send(); }}>
      <Group align="flex-end" gap="md">
        <NativeSelect label="Document" value={kind} onChange={(e) => setKind(e.currentTarget.value)} disabled={file.isPending}
          data={view.required.map((k) => ({ value: k.id, label: `${k.title} (${k.id})` }))} w={340} />
        <FilePicker key={round} label="Agreement file" onChange={(f) => { setChosen(f); setProblem(null); }} disabled={file.isPending} error={problem} />
        <ValidUntilInput label="Valid until" value={validUntil} onChange={setValidUntil} disabled={file.isPending} />
        <Button type="submit" loading={file.isPending}>File agreement</Button>
      </Group>
      {file.isError ? <ProblemAlert error={file.error} title="The agreement was not filed" /> : null}
    </Stack>
  );
}

function Agreements() {
  const view = useAgreements();
  if (view.isPending) return <Group gap="xs"><Loader size="sm" aria-label="Loading the agreements" /><Text size="sm">Loading…</Text></Group>;
  if (view.isError) return <ProblemAlert error={view.error} title="The agreements could not be read" onRetry={() => void view.refetch()} />;
  const v = view.data;
  const rows = requiredRows(v, new Date());
  return (
    <Stack gap="lg">
      <Text size="sm"><b>Path:</b> {v.path === 'federated' ? 'federated node' : 'transfer to a reference node'} <Text span size="xs" c="dimmed">(set with oncoatlas agreements path)</Text></Text>
      {v.missing.length > 0 ? (
        <Alert color="orange" title="Publishing is blocked" role="status">
          <Text size="sm">Datasets cannot be published until these are on file: {v.missing.map((k) => `${k.title} (${k.id})`).join(', ')}.</Text>
        </Alert>
      ) : <Alert color="green" title="Every required agreement is on file" role="status"><Text size="sm">Released datasets can be published.</Text></Alert>}
      <Section title="Required documents" intro="What this node's path needs before its datasets are published.">
        <Table aria-label="Required documents">
          <Table.Thead><Table.Tr><Table.Th scope="col">Document</Table.Th><Table.Th scope="col">State</Table.Th><Table.Th scope="col">Valid until</Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.kind.id}>
                <Table.Th scope="row" fw={500}>{r.kind.title} <Text span size="xs" ff="monospace" c="dimmed">({r.kind.id})</Text></Table.Th>
                <Table.Td><Badge color={REQUIRED_COLORS[r.state]} variant="light" size="sm">{r.state}</Badge></Table.Td>
                <Table.Td>{r.agreement?.validUntil?.slice(0, 10) ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Section>
      <Section title="File an agreement" intro="A signed copy of the document; the node keeps it with its SHA-256."><FileForm view={v} /></Section>
      <Section title="On file">
        {v.agreements.length === 0 ? <Empty title="No agreements on file yet" /> : (
          <Table.ScrollContainer minWidth={900}>
            <Table aria-label="Agreements on file" striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Document</Table.Th><Table.Th scope="col">File and SHA-256</Table.Th>
                  <Table.Th scope="col">Source</Table.Th><Table.Th scope="col">Valid until</Table.Th><Table.Th scope="col">Filed</Table.Th><Table.Th scope="col">State</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {v.agreements.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Th scope="row" fw={500}>{a.title} <Text span size="xs" ff="monospace" c="dimmed">({a.kind})</Text></Table.Th>
                    <Table.Td miw={300}>
                      <Text size="sm">{a.filename}</Text>
                      <Text size="xs" ff="monospace" c="dimmed" style={{ wordBreak: 'break-all' }}><VisuallyHidden>SHA-256 </VisuallyHidden>{a.sha256}</Text>
                    </Table.Td>
                    <Table.Td>{a.source === 'hub' ? 'hub (onboarding)' : 'this node'}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.validUntil?.slice(0, 10) ?? '—'}</Table.Td>
                    <Table.Td>{a.filedBy}, {dateTime(a.filedAt)}</Table.Td>
                    <Table.Td>{a.state}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Section>
    </Stack>
  );
}

export function AgreementsPage() {
  return (
    <Page title="Agreements" intro="The documents this node must hold before its datasets are published in the atlas.">
      <RequireRole stewards><Agreements /></RequireRole>
    </Page>
  );
}

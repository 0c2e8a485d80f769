/**
 * The documents of a request: the ethics approval and DPIA the hub requires before submission, and any other.
 * Each is kept at the hub by its SHA-256 with who sent it and when; the parties download it from there. The
 * researcher uploads while the request is a draft (the bytes go as the request body, with the file's type).
 */
import { Anchor, Button, Group, Input, Stack, Table, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { bytes, dateTime } from '../format.ts';
import { useNotify } from '../components/Notifications.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { accessKeys, documentUrl, uploadRequestDocument, useChecklists } from './access-api.ts';
import type { DocumentKind, RequestView } from './access-types.ts';
import { AccessBadge } from './AccessBadge.tsx';

/** @oncoatlas/access REQUEST_DOCUMENTS' ids and titles, for when the checklists have not loaded. */
const FALLBACK_KINDS: readonly Pick<DocumentKind, 'id' | 'title' | 'required'>[] = [
  { id: 'ethics-approval', title: 'Ethics approval', required: true },
  { id: 'dpia', title: 'Data protection impact assessment (DPIA)', required: true },
  { id: 'other', title: 'Other document', required: false },
];

/** Short, stable names of the upload controls (file input, button); the hub's title of the kind is their description. */
const CONTROL_NAMES: Readonly<Record<string, readonly [string, string]>> = {
  'ethics-approval': ['Ethics approval file', 'Upload ethics approval'],
  dpia: ['DPIA file', 'Upload DPIA'],
  other: ['Other document file', 'Upload other document'],
};

function Upload({ requestId, kind }: { readonly requestId: string; readonly kind: Pick<DocumentKind, 'id' | 'title' | 'required'> }) {
  const inputId = useId();
  const client = useQueryClient();
  const notify = useNotify();
  const [file, setFile] = useState<File | null>(null);
  const [fileLabel, buttonLabel] = CONTROL_NAMES[kind.id] ?? [`${kind.title} file`, `Upload ${kind.title}`];
  const upload = useMutation({
    mutationFn: (f: File) => uploadRequestDocument(requestId, kind.id, f),
    onSuccess: (doc) => {
      void client.invalidateQueries({ queryKey: accessKeys.request(requestId) });
      notify({ title: `${kind.title} uploaded`, message: doc.filename });
      setFile(null);
    },
  });
  return (
    <Stack gap={4}>
      <Group gap="sm" align="flex-end">
        <Input.Wrapper label={fileLabel} description={`${kind.title}. ${kind.required ? 'Required before submitting.' : 'Optional.'}`} required={kind.required} id={inputId}>
          <input id={inputId} type="file" accept=".pdf,.txt,.png,.jpg,.jpeg,application/pdf,text/plain,image/png,image/jpeg"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} style={{ display: 'block', marginTop: 4 }} disabled={upload.isPending} />
        </Input.Wrapper>
        <Button size="xs" variant="default" disabled={!file} loading={upload.isPending} onClick={() => { if (file) upload.mutate(file); }}>
          {buttonLabel}
        </Button>
      </Group>
      {upload.isError ? <ProblemAlert error={upload.error} title={`${kind.title} was not uploaded`} /> : null}
    </Stack>
  );
}

export function RequestDocuments({ view, canUpload }: { readonly view: RequestView; readonly canUpload: boolean }) {
  const checklists = useChecklists();
  const kinds = checklists.data?.requestDocuments ?? FALLBACK_KINDS;
  const titleOf = (id: string) => kinds.find((k) => k.id === id)?.title ?? id;
  const missing = kinds.filter((k) => k.required && !view.documents.some((d) => d.kind === k.id));
  return (
    <Section title="Documents" intro="The ethics approval and the DPIA are required before the request can be submitted. Files are kept at the hub with their SHA-256.">
      {view.documents.length === 0 ? <Text size="sm">No document uploaded yet.</Text> : (
        <Table.ScrollContainer minWidth={640}>
          <Table aria-label="Documents of the request">
            <Table.Thead><Table.Tr>
              <Table.Th scope="col">Kind</Table.Th><Table.Th scope="col">File</Table.Th><Table.Th scope="col">Size</Table.Th>
              <Table.Th scope="col">Uploaded</Table.Th><Table.Th scope="col">State</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {view.documents.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Th scope="row" fw={500}>{titleOf(d.kind)}</Table.Th>
                  <Table.Td><Anchor href={documentUrl(d.id)} download={d.filename}>{d.filename}</Anchor><Text size="xs" c="dimmed" ff="monospace" title={d.sha256}>{d.sha256.slice(0, 12)}…</Text></Table.Td>
                  <Table.Td>{bytes(d.size)}</Table.Td>
                  <Table.Td><Text size="sm">{dateTime(d.uploadedAt)}</Text><Text size="xs" c="dimmed">{d.uploadedBy}</Text></Table.Td>
                  <Table.Td><AccessBadge state={d.state} />{d.reason ? <Text size="xs">{d.reason}</Text> : null}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canUpload ? (
        <Stack gap="md">
          {missing.length > 0 ? <Text size="sm" role="status">Still missing: {missing.map((k) => k.title).join(', ')}.</Text> : null}
          {kinds.map((k) => <Upload key={k.id} requestId={view.request.id} kind={k} />)}
        </Stack>
      ) : null}
    </Section>
  );
}

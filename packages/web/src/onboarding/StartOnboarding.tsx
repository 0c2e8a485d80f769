/**
 * A data holder's representative starts an onboarding: the node, the path (each path's documents listed
 * before choosing it, so the holder knows what the path asks for), the organisation and a contact.
 */
import { Badge, Button, Card, Group, List, Radio, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useChecklists, useStartOnboarding } from './onboarding-api.ts';
import { startProblems, type StartForm, type StartProblems } from './onboarding.ts';
import type { DocumentKind, OnboardingPath } from './onboarding-types.ts';

const PATHS: readonly { id: OnboardingPath; title: string; text: string }[] = [
  { id: 'federated', title: 'Federated node', text: 'The data stay at your node; researchers use them through permits your node issues.' },
  { id: 'transfer', title: 'Transfer to a reference node', text: 'The data are transferred to a reference node, which hosts them for the atlas.' },
];

function PathDocuments({ path, kinds }: { readonly path: string; readonly kinds: readonly DocumentKind[] }) {
  return (
    <List size="sm" spacing={2} aria-label={`Documents of the ${path} path`}>
      {kinds.map((k) => (
        <List.Item key={k.id}>
          {k.title}{' '}
          {k.required ? <Badge size="xs" variant="outline" color="gray">required</Badge> : <Badge size="xs" variant="outline" color="gray">optional</Badge>}
          {k.requiredForPublication ? <> <Badge size="xs" variant="outline" color="blue">needed to publish</Badge></> : null}
        </List.Item>
      ))}
    </List>
  );
}

export function StartOnboarding() {
  const checklists = useChecklists();
  const start = useStartOnboarding();
  const navigate = useNavigate();
  const [form, setForm] = useState<StartForm>({ node: '', path: '', organisation: '', contactName: '', contactEmail: '' });
  const [problems, setProblems] = useState<StartProblems>({});
  const set = (k: keyof StartForm) => (value: string) => { setForm((f) => ({ ...f, [k]: value })); setProblems((p) => ({ ...p, [k]: undefined })); };
  const submit = () => {
    const p = startProblems(form);
    setProblems(p);
    if (Object.keys(p).length > 0 || form.path === '') return;
    start.mutate({ node: form.node.trim(), path: form.path, organisation: form.organisation.trim(), contact: { name: form.contactName.trim(), email: form.contactEmail.trim() } },
      { onSuccess: (o) => void navigate(`/onboarding/${encodeURIComponent(o.id)}`) });
  };
  return (
    <Stack gap="md" component="form" aria-label="Start an onboarding" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <TextInput label="Node id" description="The id your node got when it joined the hub (oncoatlas node join)." required
        value={form.node} onChange={(e) => set('node')(e.currentTarget.value)} error={problems.node} maw={420} />
      <Radio.Group label="Path" description="Each path asks for its own documents, listed under it." required
        value={form.path} onChange={(v) => set('path')(v)} error={problems.path}>
        <SimpleGrid cols={{ base: 1, md: 2 }} mt="xs">
          {PATHS.map((p) => (
            <Card key={p.id} withBorder padding="md">
              <Stack gap="xs">
                <Radio value={p.id} label={p.title} description={p.text} />
                {checklists.data ? <PathDocuments path={p.title.toLowerCase()} kinds={checklists.data.paths[p.id] ?? []} /> : null}
              </Stack>
            </Card>
          ))}
        </SimpleGrid>
      </Radio.Group>
      {checklists.isError ? <ProblemAlert error={checklists.error} title="The document checklists could not be read" onRetry={() => void checklists.refetch()} /> : null}
      <TextInput label="Organisation" required value={form.organisation} onChange={(e) => set('organisation')(e.currentTarget.value)} error={problems.organisation} maw={420} />
      <Group gap="md" align="flex-start">
        <TextInput label="Contact name" required value={form.contactName} onChange={(e) => set('contactName')(e.currentTarget.value)} error={problems.contactName} w={260} />
        <TextInput label="Contact e-mail" type="email" required value={form.contactEmail} onChange={(e) => set('contactEmail')(e.currentTarget.value)} error={problems.contactEmail} w={300} />
      </Group>
      <Group>
        <Button type="submit" loading={start.isPending}>Start onboarding</Button>
        <Text size="xs" c="dimmed">You then upload the path's documents and submit them for review.</Text>
      </Group>
      {start.isError ? <ProblemAlert error={start.error} title="The onboarding was not started" /> : null}
    </Stack>
  );
}

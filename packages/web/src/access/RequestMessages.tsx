/**
 * The conversation on a request: everyone on it, the access committee only, or one node's representatives.
 * The hub shows each party the messages meant for it; the text is kept at the hub, never in its audit log.
 */
import { Button, Group, NativeSelect, Paper, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { dateTime } from '../format.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { accessKeys, postMessage, useMessages } from './access-api.ts';
import type { RequestView } from './access-types.ts';
import { audienceLabel } from './access-labels.ts';

const MAX_TEXT = 5000;

export function RequestMessages({ view }: { readonly view: RequestView }) {
  const id = view.request.id;
  const messages = useMessages(id);
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [audience, setAudience] = useState('all');
  const [invalid, setInvalid] = useState<string | null>(null);
  const nodeNames = new Map(view.resources.map((r) => [r.node, r.nodeName || r.node]));
  const send = useMutation({
    mutationFn: () => postMessage(id, text.trim(), audience),
    onSuccess: (r) => { client.setQueryData(accessKeys.messages(id), r); setText(''); },
  });
  const audiences = ['all', 'committee', ...nodeNames.keys()];
  return (
    <Section title="Messages" intro="Between the researcher, the access committee and the data holders. Choose who reads a message.">
      {messages.isError ? <ProblemAlert error={messages.error} title="Could not load the messages" onRetry={() => void messages.refetch()} /> : null}
      {messages.data && messages.data.messages.length === 0 ? <Text size="sm">No message yet.</Text> : null}
      <Stack gap="xs" component="ol" aria-label="Message thread" p={0} m={0} style={{ listStyle: 'none' }}>
        {(messages.data?.messages ?? []).map((m) => (
          <Paper key={m.id} component="li" withBorder p="sm" radius="sm">
            <Group gap="xs" justify="space-between">
              <Text size="sm" fw={600}>{m.author} <Text span size="xs" c="dimmed">({m.authorRole})</Text></Text>
              <Text size="xs" c="dimmed">{dateTime(m.at)} · to {audienceLabel(m.audience, nodeNames).toLowerCase()}</Text>
            </Group>
            <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>{m.text}</Text>
          </Paper>
        ))}
      </Stack>
      <Stack gap="sm" component="form" aria-label="New message" onSubmit={(e) => {
        e.preventDefault();
        if (text.trim() === '') { setInvalid('Write a message first.'); return; }
        setInvalid(null);
        send.mutate();
      }}>
        <Textarea label="Message" autosize minRows={2} maxLength={MAX_TEXT} value={text} error={invalid}
          onChange={(e) => { setText(e.currentTarget.value); if (invalid) setInvalid(null); }} />
        <Group gap="sm" align="flex-end">
          <NativeSelect label="Audience" value={audience} onChange={(e) => setAudience(e.currentTarget.value)}
            data={audiences.map((a) => ({ value: a, label: audienceLabel(a, nodeNames) }))} />
          <Button type="submit" loading={send.isPending}>Send message</Button>
        </Group>
        {send.isError ? <ProblemAlert error={send.error} title="The message was not sent" /> : null}
      </Stack>
    </Section>
  );
}

/** Every transition of a request and its datasets: who, in which role, what, and why. */
import { Table, Text } from '@mantine/core';
import { dateTime } from '../format.ts';
import { Section } from '../components/Section.tsx';
import type { RequestView } from './access-types.ts';
import { eventLabel, stateLabel } from './access-labels.ts';

export function RequestHistory({ view }: { readonly view: RequestView }) {
  const names = new Map(view.resources.map((r) => [r.id, `${r.name} (${r.nodeName || r.node})`]));
  return (
    <Section title="History">
      {view.history.length === 0 ? <Text size="sm">Nothing happened yet.</Text> : (
        <Table.ScrollContainer minWidth={720}>
          <Table aria-label="History of the request" striped>
            <Table.Thead><Table.Tr>
              <Table.Th scope="col">When</Table.Th><Table.Th scope="col">Who</Table.Th><Table.Th scope="col">Event</Table.Th>
              <Table.Th scope="col">Dataset</Table.Th><Table.Th scope="col">State</Table.Th><Table.Th scope="col">Reason</Table.Th>
            </Table.Tr></Table.Thead>
            <Table.Tbody>
              {view.history.map((h, i) => (
                <Table.Tr key={`${h.at} ${i}`}>
                  <Table.Td>{dateTime(h.at)}</Table.Td>
                  <Table.Td><Text size="sm">{h.actor}</Text><Text size="xs" c="dimmed">{h.role}</Text></Table.Td>
                  <Table.Td>{eventLabel(h.event)}</Table.Td>
                  <Table.Td>{h.resource ? names.get(h.resource) ?? h.resource : 'The request'}</Table.Td>
                  <Table.Td>{h.from ? `${stateLabel(h.from)} → ` : ''}{stateLabel(h.to)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{h.reason ?? ''}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

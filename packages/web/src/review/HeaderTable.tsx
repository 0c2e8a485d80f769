/** The held file's de-identified header beside the image: every attribute, searchable, sequences indented. */
import { ScrollArea, Table, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { filterRows, headerRows, type DicomJson } from './header-model.ts';

export function HeaderTable({ header, label }: { readonly header: DicomJson; readonly label: string }) {
  const [search, setSearch] = useState('');
  const rows = useMemo(() => headerRows(header), [header]);
  const shown = useMemo(() => filterRows(rows, search), [rows, search]);
  return (
    <>
      <TextInput
        label="Search the header"
        description="By tag, name, VR or value, e.g. 0010 or Burned"
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
      />
      <Text size="xs" c="dimmed" role="status">{shown.length} of {rows.length} attributes shown</Text>
      <ScrollArea.Autosize mah={560} type="auto" viewportProps={{ tabIndex: 0, 'aria-label': label, role: 'region' }}>
        <Table fz="xs" verticalSpacing={2} striped stickyHeader>
          <Table.Caption>{label}: binary values (pixel data, private blobs) are given by their VR only.</Table.Caption>
          <Table.Thead>
            <Table.Tr><Table.Th scope="col">Tag</Table.Th><Table.Th scope="col">Name</Table.Th><Table.Th scope="col">VR</Table.Th><Table.Th scope="col">Value</Table.Th></Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((r) => (
              <Table.Tr key={r.key}>
                <Table.Td style={{ paddingLeft: 8 + r.depth * 12, whiteSpace: 'nowrap', fontFamily: 'var(--mantine-font-family-monospace)' }}>{r.tag}</Table.Td>
                <Table.Td>{r.name}</Table.Td>
                <Table.Td>{r.vr}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>{r.value}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea.Autosize>
    </>
  );
}

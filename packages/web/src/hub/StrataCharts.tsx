/**
 * One Lens chart per stratifier the nodes answered with (subjects per value, summed over nodes), each with the
 * same numbers as a table: a canvas says nothing to a screen reader.
 */
import { SimpleGrid, Table, Text, VisuallyHidden } from '@mantine/core';
import { strataTotals, type SearchProgress } from './search-progress.ts';

/** `body_part` → "Body part": the nodes name stratifiers by the registry's key ids. */
export const stratifierTitle = (key: string): string => {
  const words = key.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

const PIE = new Set(['sex', 'vital_status']);

export function StrataCharts({ progress, keys }: { readonly progress: SearchProgress; readonly keys: readonly string[] }) {
  if (keys.length === 0) return <Text size="sm">The nodes sent no breakdown for this search.</Text>;
  return (
    <SimpleGrid cols={{ base: 1, md: 2 }} spacing="lg">
      {keys.map((key) => {
        const title = stratifierTitle(key);
        const rows = strataTotals(progress, key);
        return (
          <figure key={key} style={{ margin: 0 }} aria-label={`${title}: subjects per value`}>
            <lens-chart title={title} dataKey={key} chartType={PIE.has(key) ? 'pie' : 'bar'} displayLegends={PIE.has(key)} aria-hidden="true" />
            <VisuallyHidden>
              <Table aria-label={`${title}: subjects per value`}>
                <Table.Thead><Table.Tr><Table.Th scope="col">{title}</Table.Th><Table.Th scope="col">Subjects</Table.Th></Table.Tr></Table.Thead>
                <Table.Tbody>
                  {rows.map((r) => (
                    <Table.Tr key={r.value}>
                      <Table.Th scope="row">{r.value}</Table.Th>
                      <Table.Td>{r.subjects}{r.suppressedAt > 0 ? ` (plus suppressed small counts at ${r.suppressedAt} node${r.suppressedAt === 1 ? '' : 's'})` : ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </VisuallyHidden>
          </figure>
        );
      })}
    </SimpleGrid>
  );
}

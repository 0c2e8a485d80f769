/**
 * The catalogue's facets as groups of labelled checkboxes: a native checkbox is reached with Tab, ticked with
 * Space and read by a screen reader as "CT, 2 datasets, checkbox, checked", inside a group named by its legend.
 */
import { Button, Checkbox, Fieldset, Stack, Text, VisuallyHidden } from '@mantine/core';
import type { CatalogueEntry } from '../api/types.ts';
import { FACETS, facetCounts, type CatalogueQuery, type FacetKey } from './catalogue-search.ts';

interface Props {
  readonly entries: readonly CatalogueEntry[];
  readonly query: CatalogueQuery;
  readonly onToggle: (key: FacetKey, value: string, on: boolean) => void;
  readonly onClear: () => void;
}

const datasets = (n: number): string => `${n} dataset${n === 1 ? '' : 's'}`;

export function FacetFilters({ entries, query, onToggle, onClear }: Props) {
  const anySelected = FACETS.some(({ key }) => query.facets[key].length > 0);
  return (
    <Stack gap="sm" component="section" aria-label="Filters">
      {FACETS.map(({ key, label }) => {
        const values = facetCounts(entries, query, key);
        return (
          <Fieldset key={key} legend={label} variant="unstyled">
            {values.length === 0 ? <Text size="sm" c="dimmed">None published</Text> : (
              <Stack gap={6} mt={4}>
                {values.map((v) => (
                  <Checkbox
                    key={v.value}
                    size="sm"
                    checked={v.selected}
                    onChange={(e) => onToggle(key, v.value, e.currentTarget.checked)}
                    // The count is in the name too, so a screen reader says what ticking it would list.
                    label={<>{v.label} <Text span size="sm" c="dimmed" aria-hidden>({v.count})</Text><VisuallyHidden>, {datasets(v.count)}</VisuallyHidden></>}
                  />
                ))}
              </Stack>
            )}
          </Fieldset>
        );
      })}
      {anySelected ? <Button variant="subtle" size="xs" onClick={onClear} w="fit-content">Clear filters</Button> : null}
    </Stack>
  );
}

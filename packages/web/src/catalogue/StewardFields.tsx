/**
 * The main steward fields as a form. Each input reads and writes one field of the steward object, so the
 * "Advanced (JSON)" view and whatever the form does not show stay as they are. Violations the live check
 * found on a field are shown under it too.
 */
import { MultiSelect, Select, SimpleGrid, Stack, TagsInput, TextInput, Textarea } from '@mantine/core';
import type { RecordProblem } from '../api/types.ts';
import {
  ACCESS_CONDITIONS, ACCESS_RIGHTS, TIERS, getKeywords, getList, getPart, getString, getText, setKeywords, setList, setPart, setString, setText,
  type Steward,
} from './steward.ts';

/** Which form field a shape's property is about (packages/catalogue shape-rules.ts). */
const FIELD_OF: readonly (readonly [string, string])[] = [
  ['dct:title', 'title'], ['dct:description', 'description'], ['dcat:keyword', 'keywords'], ['dcat:contactPoint', 'contactPoint'],
  ['dct:publisher', 'publisher'], ['eucaim:interoperabilityLevel', 'tier'], ['dct:accessRights', 'accessRights'],
  ['dcat:accessURL', 'accessUrl'], ['eucaim:hasCondition', 'primaryCondition'], ['dct:rights/access-condition', 'accessConditions'],
  ['dct:provenance', 'provenance'],
];

export function problemsByField(problems: readonly RecordProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of problems) {
    if (p.severity !== 'violation') continue;
    const hit = FIELD_OF.find(([prop]) => p.property === prop || p.property.startsWith(`${prop}/`));
    if (hit && !out[hit[1]]) out[hit[1]] = p.message;
  }
  return out;
}

export function StewardFields({ steward, onChange, errors, disabled }: {
  readonly steward: Steward;
  readonly onChange: (next: Steward) => void;
  readonly errors: Record<string, string>;
  readonly disabled?: boolean;
}) {
  const text = (field: string) => ({
    value: getText(steward, field),
    onChange: (e: { currentTarget: { value: string } }) => onChange(setText(steward, field, e.currentTarget.value)),
    error: errors[field],
    disabled,
  });
  const str = (field: string) => ({
    value: getString(steward, field),
    onChange: (e: { currentTarget: { value: string } }) => onChange(setString(steward, field, e.currentTarget.value)),
    error: errors[field],
    disabled,
  });
  const part = (field: 'publisher' | 'contactPoint', key: string) => ({
    value: getPart(steward, field, key),
    onChange: (e: { currentTarget: { value: string } }) => onChange(setPart(steward, field, key, e.currentTarget.value)),
    disabled,
  });
  return (
    <Stack gap="sm">
      <TextInput label="Title (English)" {...text('title')} />
      <Textarea label="Description (English)" autosize minRows={2} maxRows={8} {...text('description')} />
      <TagsInput label="Keywords (English)" description="Press Enter or type a comma after each keyword." splitChars={[',']}
        value={getKeywords(steward)} onChange={(v) => onChange(setKeywords(steward, v))} error={errors.keywords} disabled={disabled} clearable />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Contact point name" {...part('contactPoint', 'name')} error={errors.contactPoint} />
        <TextInput label="Contact point email" type="email" {...part('contactPoint', 'email')} />
        <TextInput label="Publisher name" {...part('publisher', 'name')} error={errors.publisher} />
        <TextInput label="Publisher email" type="email" {...part('publisher', 'email')} />
      </SimpleGrid>
      <Textarea label="Legal basis (English)" autosize minRows={1} maxRows={4} {...text('legalBasis')} />
      <Textarea label="Purpose (English)" autosize minRows={1} maxRows={4} {...text('purpose')} />
      <Textarea label="Provenance (English)" description="How the data were collected and processed." autosize minRows={1} maxRows={4} {...text('provenance')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Select label="Access rights" data={[...ACCESS_RIGHTS]} clearable value={getString(steward, 'accessRights') || null}
          onChange={(v) => onChange(setString(steward, 'accessRights', v))} error={errors.accessRights} disabled={disabled} />
        <MultiSelect label="Access conditions" data={[...ACCESS_CONDITIONS]} value={getList(steward, 'accessConditions')}
          onChange={(v) => onChange(setList(steward, 'accessConditions', v))} error={errors.accessConditions} disabled={disabled} clearable />
      </SimpleGrid>
      <TextInput label="Access URL" description="Where access is requested (in EUCAIM, the Negotiator)." type="url" {...str('accessUrl')} />
      <TextInput label="Licence" description="The IRI of a licence document, when there is one." type="url" {...str('license')} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Primary condition" description="A hyperontology code such as CLIN1000065, to override the generated one." {...str('primaryCondition')} />
        <Select label="Tier" description="The EUCAIM tier offered." data={[...TIERS]} clearable value={getString(steward, 'tier') || null}
          onChange={(v) => onChange(setString(steward, 'tier', v))} error={errors.tier} disabled={disabled} />
      </SimpleGrid>
    </Stack>
  );
}

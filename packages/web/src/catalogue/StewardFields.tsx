/**
 * Every steward field of the catalogue record as a form: one input per field the EUCAIM shapes require (and the
 * optional ones the steward file takes), with pickers over the closed vocabularies. Each input reads and writes
 * one field of the steward object, so other languages and anything set in the advanced JSON stay as they are.
 * Each input's id is `fieldInputId(field)`, the field the node names in a problem, so the problem list can
 * focus it; the problem's "what to set" is shown under the input too.
 */
import { Button, Fieldset, Group, MultiSelect, Select, SimpleGrid, Stack, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import {
  ACCESS_CONDITIONS, ACCESS_RIGHTS, COLLECTION_METHODS, CONDITIONS, DATASET_TYPES, DATA_USE_CONDITIONS, HEALTH_CATEGORIES, LEGISLATION, TIERS,
  addContact, fieldInputId, getContacts, getKeywords, getList, getOrg, getString, getText, removeContact, setContact, setKeywords, setList, setOrg,
  setString, setText, withCurrent, type Choice, type OrganisationField, type Steward,
} from './steward.ts';

type Change = { currentTarget: { value: string } };

export function StewardFields({ steward, onChange, errors, disabled }: {
  readonly steward: Steward;
  readonly onChange: (next: Steward) => void;
  /** Form field path -> what to set (the live check's violations). */
  readonly errors: Readonly<Record<string, string>>;
  readonly disabled?: boolean;
}) {
  const at = (field: string) => ({ id: fieldInputId(field), error: errors[field], disabled });
  const text = (field: string) => ({ ...at(field), value: getText(steward, field), onChange: (e: Change) => onChange(setText(steward, field, e.currentTarget.value)) });
  const str = (field: string) => ({ ...at(field), value: getString(steward, field), onChange: (e: Change) => onChange(setString(steward, field, e.currentTarget.value)) });
  const one = (field: string, choices: readonly Choice[]) => ({
    ...at(field), data: withCurrent(choices, [getString(steward, field)]), value: getString(steward, field) || null,
    onChange: (v: string | null) => onChange(setString(steward, field, v)), clearable: true,
  });
  const many = (field: string, choices: readonly Choice[]) => ({
    ...at(field), data: withCurrent(choices, getList(steward, field)), value: getList(steward, field),
    onChange: (v: string[]) => onChange(setList(steward, field, v)), clearable: true,
  });
  const org = (field: OrganisationField, key: string) => ({
    ...at(`${field}.${key}`), value: getOrg(steward, field, key), onChange: (e: Change) => onChange(setOrg(steward, field, key, e.currentTarget.value)),
  });
  const contacts = getContacts(steward);
  return (
    <Stack gap="md">
      <Fieldset legend="About the dataset">
        <Stack gap="sm">
          <TextInput label="Title" description="In English." {...text('title')} />
          <Textarea label="Description" description="In English: what the images and clinical data are, which patients, which years." autosize minRows={2} maxRows={8} {...text('description')} />
          <TagsInput label="Keywords" description="In English. Press Enter or type a comma after each keyword." splitChars={[',']} clearable
            {...at('keywords')} value={getKeywords(steward)} onChange={(v) => onChange(setKeywords(steward, v))} />
          <Textarea label="Provenance" description="How the data were collected, de-identified, checked and released (English)." autosize minRows={2} maxRows={6} {...text('provenance')} />
          <Textarea label="Purpose" description="What the data may be used for (English)." autosize minRows={1} maxRows={4} {...text('purpose')} />
          <Textarea label="Legal basis" description="The legal basis of the processing, in words (English)." autosize minRows={1} maxRows={4} {...text('legalBasis')} />
        </Stack>
      </Fieldset>

      <Fieldset legend="Classification">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <Select label="Tier" description="The EUCAIM tier this node offers for the dataset." {...one('tier', TIERS)} />
          <Select label="Primary condition" description="By name or ICD-10 code; empty: the most frequent coded diagnosis." searchable
            nothingFoundMessage="No cancer with a EUCAIM code matches" {...one('primaryCondition', CONDITIONS)} />
          <MultiSelect label="Health categories" description="EHDS Article 51 categories." searchable {...many('healthCategories', HEALTH_CATEGORIES)} />
          <MultiSelect label="Dataset types" searchable {...many('datasetTypes', DATASET_TYPES)} />
          <MultiSelect label="Collection methods" searchable {...many('collectionMethods', COLLECTION_METHODS)} />
          <MultiSelect label="Applicable legislation" description="At least the EHDS Regulation where it applies." searchable {...many('applicableLegislation', LEGISLATION)} />
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend="Access">
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <Select label="Access rights" {...one('accessRights', ACCESS_RIGHTS)} />
            <MultiSelect label="Access conditions" description="How the data can be used: at least one." searchable {...many('accessConditions', ACCESS_CONDITIONS)} />
          </SimpleGrid>
          <TextInput label="Access URL" description="Where access is requested: in EUCAIM, the Negotiator page of this dataset." type="url" {...str('accessUrl')} />
          <MultiSelect label="Data use conditions" description="Optional: the DUO-aligned conditions of use." searchable {...many('dataUseConditions', DATA_USE_CONDITIONS)} />
          <TextInput label="Licence" description="Optional: the address of a licence document." type="url" {...str('license')} />
        </Stack>
      </Fieldset>

      <Fieldset legend="Publisher">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput label="Name" description="The organisation that makes the data available." {...org('publisher', 'name')} />
          <TextInput label="Email" description="An email or a contact page, at least one." type="email" {...org('publisher', 'email')} />
          <TextInput label="Contact page" type="url" {...org('publisher', 'contactPage')} />
          <TextInput label="Home page" type="url" {...org('publisher', 'homepage')} />
        </SimpleGrid>
      </Fieldset>

      <Fieldset legend="Contact points">
        <Stack gap="sm">
          {contacts.map((c, i) => (
            <Fieldset key={i} legend={`Contact point ${i + 1}`} variant="unstyled">
              <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
                <TextInput label="Name" {...at(`contactPoints.${i}.name`)} error={errors[`contactPoints.${i}.name`] ?? (i === 0 ? errors.contactPoints : undefined)}
                  value={c.name ?? ''} onChange={(e) => onChange(setContact(steward, i, 'name', e.currentTarget.value))} />
                <TextInput label="Email" type="email" {...at(`contactPoints.${i}.email`)}
                  value={c.email ?? ''} onChange={(e) => onChange(setContact(steward, i, 'email', e.currentTarget.value))} />
                <TextInput label="Web page" type="url" {...at(`contactPoints.${i}.url`)}
                  value={c.url ?? ''} onChange={(e) => onChange(setContact(steward, i, 'url', e.currentTarget.value))} />
              </SimpleGrid>
              {contacts.length > 1 ? (
                <Button variant="subtle" size="xs" mt={4} disabled={disabled} onClick={() => onChange(removeContact(steward, i))}
                  aria-label={`Remove contact point ${i + 1}`}>Remove</Button>
              ) : null}
            </Fieldset>
          ))}
          <Group><Button variant="default" size="xs" disabled={disabled} onClick={() => onChange(addContact(steward))}>Add a contact point</Button></Group>
        </Stack>
      </Fieldset>

      <Fieldset legend="Health Data Access Body">
        <Text size="xs" c="dimmed" mb="xs">Once the EHDS body of your region is designated; until then leave it empty (never a placeholder).</Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput label="Name" {...org('hdab', 'name')} />
          <TextInput label="Email" type="email" {...org('hdab', 'email')} />
          <TextInput label="Contact page" type="url" {...org('hdab', 'contactPage')} />
        </SimpleGrid>
      </Fieldset>
    </Stack>
  );
}

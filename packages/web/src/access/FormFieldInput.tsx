/**
 * One field of the application form, drawn from its schema (form-model.ts FieldSpec): native controls where
 * Mantine's would hide the value from assistive technology or tests (a <select> for a choice), its problems
 * beside it, and a read-only rendering for everyone but the researcher editing a draft.
 */
import { Checkbox, Group, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea } from '@mantine/core';
import type { ReactNode } from 'react';
import { fieldId, fieldValue, type FieldSpec } from './form-model.ts';

export function FormFieldInput({ field, value, problems, onChange, disabled }: {
  readonly field: FieldSpec;
  readonly value: unknown;
  readonly problems: readonly string[] | undefined;
  readonly onChange: (value: unknown) => void;
  readonly disabled: boolean;
}) {
  const id = fieldId(field.path);
  const error: ReactNode = problems && problems.length > 0 ? problems.join(' ') : undefined;
  const common = { id, label: field.label, description: field.description, required: field.required, error, disabled };
  switch (field.kind) {
    case 'checkbox':
      return <Checkbox {...common} checked={value === true} onChange={(e) => onChange(fieldValue(field, e.currentTarget.checked))} />;
    case 'select':
      return (
        <NativeSelect {...common} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(fieldValue(field, e.currentTarget.value))}
          data={[{ value: '', label: 'Choose…' }, ...field.options]} />
      );
    case 'multi':
      return (
        <Checkbox.Group {...common} value={Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []} onChange={(v) => onChange(fieldValue(field, v))}>
          <Stack gap={6} mt={4}>{field.options.map((o) => <Checkbox key={o.value} value={o.value} label={o.label} disabled={disabled} />)}</Stack>
        </Checkbox.Group>
      );
    case 'number':
      return <NumberInput {...common} value={typeof value === 'number' ? value : ''} onChange={(v) => onChange(fieldValue(field, typeof v === 'number' ? v : undefined))} />;
    case 'textarea':
      return (
        <Textarea {...common} autosize minRows={3} maxLength={field.maxLength} value={typeof value === 'string' ? value : ''}
          onChange={(e) => onChange(fieldValue(field, e.currentTarget.value))} />
      );
    default:
      return (
        <TextInput {...common} type={field.kind === 'email' ? 'email' : field.kind === 'date' ? 'date' : 'text'} maxLength={field.maxLength}
          value={typeof value === 'string' ? value : typeof value === 'number' ? String(value) : ''} onChange={(e) => onChange(fieldValue(field, e.currentTarget.value))} />
      );
  }
}

/** An answer as text: the chosen options' words, "Yes"/"No", or "Not answered". */
export function answerText(field: FieldSpec, value: unknown): string {
  const option = (v: unknown) => field.options.find((o) => o.value === v)?.label ?? String(v);
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return 'Not answered';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.map(option).join(', ');
  return field.options.length > 0 ? option(value) : String(value);
}

export function FieldAnswer({ field, value }: { readonly field: FieldSpec; readonly value: unknown }) {
  return (
    <Group gap="xs" align="baseline" wrap="nowrap">
      <Text size="sm" fw={600} component="dt" miw={220} maw={320}>{field.label}</Text>
      <Text size="sm" component="dd" m={0} style={{ whiteSpace: 'pre-wrap' }}>{answerText(field, value)}</Text>
    </Group>
  );
}

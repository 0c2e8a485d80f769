/**
 * A native file input with its label (and an optional "valid until" date): the browser's own control is
 * keyboard- and screen-reader-friendly, and tests reach it by its label to set the file.
 */
import { Input, TextInput } from '@mantine/core';
import { useId } from 'react';
import { UPLOAD_MEDIA_TYPES } from './upload.ts';

export function FilePicker({ label, onChange, disabled, error }: {
  readonly label: string;
  readonly onChange: (file: File | null) => void;
  readonly disabled?: boolean;
  readonly error?: string | null;
}) {
  const id = useId();
  return (
    <Input.Wrapper label={label} labelProps={{ htmlFor: id }} error={error ?? undefined} description="PDF, text or image, at most 20 MiB.">
      <input id={id} type="file" disabled={disabled} accept={[...UPLOAD_MEDIA_TYPES, '.pdf', '.txt', '.png', '.jpg'].join(',')}
        onChange={(e) => onChange(e.currentTarget.files?.[0] ?? null)} style={{ display: 'block', marginTop: 4, maxWidth: '100%' }} />
    </Input.Wrapper>
  );
}

export function ValidUntilInput({ label, value, onChange, disabled, required }: {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly disabled?: boolean;
  readonly required?: boolean;
}) {
  return (
    <TextInput type="date" label={label} value={value} onChange={(e) => onChange(e.currentTarget.value)} disabled={disabled}
      required={required} description="The document stops counting after this day." maw={220} />
  );
}

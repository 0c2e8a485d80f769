/**
 * A new dataset version (POST /api/datasets): the cohort a researcher asked for (modalities, conditions, body
 * parts, study dates, with a clinical record), frozen into a draft with its manifest, clinical extract and risk
 * figures. The description, purpose and legal basis go into the dossier and the catalogue record; a version
 * without a legal basis cannot be released, so the form asks for it. The same id again makes the next version.
 */
import { Button, Checkbox, Fieldset, Group, NumberInput, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { postJson, seg } from '../api/client.ts';
import { keys } from '../api/queries.ts';
import type { NewVersionRequest, NewVersionResponse } from '../api/types.ts';
import { useNotify } from '../components/Notifications.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';

/** DATASET_ID_PATTERN of packages/release version/create-version.ts (the server checks it again). */
export const DATASET_ID_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$';
const DATASET_ID = new RegExp(DATASET_ID_PATTERN);

export function CreateVersionForm({ existing }: { readonly existing: readonly string[] }) {
  const client = useQueryClient();
  const notify = useNotify();
  const navigate = useNavigate();
  const [id, setId] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [purpose, setPurpose] = useState('');
  const [legalBasis, setLegalBasis] = useState('');
  const [maxSuppression, setMaxSuppression] = useState<number | string>('');
  const [modalities, setModalities] = useState('');
  const [conditions, setConditions] = useState('');
  const [bodyParts, setBodyParts] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [hasClinicalRecord, setHasClinicalRecord] = useState(false);
  const [touched, setTouched] = useState(false);
  const create = useMutation({
    mutationFn: (body: NewVersionRequest) => postJson<NewVersionResponse>('/api/datasets', body),
    onSuccess: (r) => {
      void client.invalidateQueries({ queryKey: keys.datasets });
      notify({ title: `${r.id} version ${r.version} created`, message: `State: ${r.state}. Check its risk figures before releasing it.` });
      void navigate(`/datasets/${seg(r.id)}?version=${r.version}`);
    },
  });
  const idError = touched && !DATASET_ID.test(id.trim())
    ? 'Letters, digits, dot, dash or underscore (up to 64), starting with a letter or digit.' : null;
  const titleError = touched && title.trim() === '' ? 'Give the dataset a title.' : null;
  const legalBasisError = touched && legalBasis.trim() === '' ? 'A version is released only with the legal basis of the sharing.' : null;
  const dateError = (v: string): string | null => (touched && v.trim() !== '' && !/^\d{4}-\d{2}-\d{2}$/.test(v.trim()) ? 'A date as YYYY-MM-DD.' : null);
  const list = (v: string): string[] => v.split(',').map((x) => x.trim()).filter(Boolean);
  const suppression = typeof maxSuppression === 'number' ? maxSuppression : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!DATASET_ID.test(id.trim()) || title.trim() === '' || legalBasis.trim() === '' || dateError(from) || dateError(to)) return;
    create.mutate({
      id: id.trim(), title: title.trim(),
      ...(description.trim() ? { description: description.trim() } : {}),
      ...(purpose.trim() ? { purpose: purpose.trim() } : {}),
      ...(legalBasis.trim() ? { legalBasis: legalBasis.trim() } : {}),
      ...(suppression !== undefined ? { maxSuppression: suppression } : {}),
      cohort: {
        ...(list(modalities).length ? { modalities: list(modalities) } : {}),
        ...(list(conditions).length ? { conditions: list(conditions) } : {}),
        ...(list(bodyParts).length ? { bodyParts: list(bodyParts) } : {}),
        ...(from.trim() ? { from: from.trim() } : {}), ...(to.trim() ? { to: to.trim() } : {}),
        ...(hasClinicalRecord ? { hasClinicalRecord: true } : {}),
      },
    });
  };
  const next = existing.includes(id.trim());
  return (
    <form onSubmit={submit} noValidate aria-label="New dataset version">
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Dataset id" required value={id} onChange={(e) => setId(e.currentTarget.value)} error={idError}
          description={next ? 'This dataset exists: a new version of it is made.' : 'A short key, e.g. lung-ct; it appears in URLs and file names.'}
          autoComplete="off" spellCheck={false} maxLength={64} />
        <TextInput label="Title" required value={title} onChange={(e) => setTitle(e.currentTarget.value)} error={titleError} maxLength={500} />
      </SimpleGrid>
      <Textarea label="Description" value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} maxRows={6} />
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <TextInput label="Purpose" description="What the data may be used for (dossier and catalogue)." value={purpose} onChange={(e) => setPurpose(e.currentTarget.value)} />
        <TextInput label="Legal basis" required description="GDPR or EHDS article, ethics approval (dossier and catalogue)." value={legalBasis} onChange={(e) => setLegalBasis(e.currentTarget.value)} error={legalBasisError} />
      </SimpleGrid>
      <Fieldset legend="Cohort (empty: every integrated study)" variant="unstyled">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
          <TextInput label="Modalities" description="Comma-separated, e.g. CT, MR" value={modalities} onChange={(e) => setModalities(e.currentTarget.value)} autoComplete="off" />
          <TextInput label="Conditions" description="ICD-10 prefixes or names, e.g. C34" value={conditions} onChange={(e) => setConditions(e.currentTarget.value)} autoComplete="off" />
          <TextInput label="Body parts" description="e.g. CHEST" value={bodyParts} onChange={(e) => setBodyParts(e.currentTarget.value)} autoComplete="off" />
          <TextInput label="Studies from" description="YYYY-MM-DD" value={from} onChange={(e) => setFrom(e.currentTarget.value)} error={dateError(from)} autoComplete="off" />
          <TextInput label="Studies to" description="YYYY-MM-DD" value={to} onChange={(e) => setTo(e.currentTarget.value)} error={dateError(to)} autoComplete="off" />
          <Checkbox label="Only patients with a clinical record" checked={hasClinicalRecord} onChange={(e) => setHasClinicalRecord(e.currentTarget.checked)} mt="lg" />
        </SimpleGrid>
      </Fieldset>
      <NumberInput label="Max suppression" description="Share of patients (0 to 1) the risk step may leave out to meet the policy; empty for the node's default."
        value={maxSuppression} onChange={setMaxSuppression} min={0} max={1} step={0.05} decimalScale={3} clampBehavior="strict" maw={340} allowNegative={false} />
      <Group gap="sm">
        <Button type="submit" loading={create.isPending}>Create version</Button>
        <Text size="xs" c="dimmed" aria-live="polite">{create.isPending ? 'Writing the version, measuring and attacking it; this can take a while…' : ''}</Text>
      </Group>
      {create.isError ? <ProblemAlert error={create.error} title="The version was not created" /> : null}
    </Stack>
    </form>
  );
}

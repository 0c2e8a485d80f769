/**
 * The application form of a request, in its six sections, drawn from the hub's JSON Schema and checked in the
 * browser against it (form-validate.ts): while a draft is edited only wrong answers are flagged, after a
 * submit attempt missing ones too. "Save draft" stores it at the hub as it is; "Submit request" saves, then
 * asks the hub to submit, and shows the hub's refusal (an incomplete form, a missing document) if it refuses.
 * Everyone else reads the answers.
 */
import { Alert, Anchor, Button, Fieldset, Group, List, Loader, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useNotify } from '../components/Notifications.tsx';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { Section } from '../components/Section.tsx';
import { accessKeys, fetchRequest, requestEvent, saveForm, useFormSchema } from './access-api.ts';
import type { FormProblem, RequestView } from './access-types.ts';
import { FieldAnswer, FormFieldInput } from './FormFieldInput.tsx';
import { fieldId, getIn, placeProblems, sectionsOf, setIn, splitSchemaAnswer } from './form-model.ts';
import { formValidator } from './form-validate.ts';

/** Problems above the form, each a link to its field. The hub's messages name their field already; the browser's get its label. */
function ProblemSummary({ title, problems, labels, named = false }: {
  readonly title: string;
  readonly problems: readonly FormProblem[];
  readonly labels: ReadonlyMap<string, string>;
  readonly named?: boolean;
}) {
  if (problems.length === 0) return null;
  return (
    <Alert color="orange" title={title} role="alert">
      <List size="sm">
        {problems.map((p) => {
          const field = [...labels.keys()].find((path) => p.path === path || p.path.startsWith(`${path}/`));
          return (
            <List.Item key={`${p.path} ${p.message}`}>
              {named
                ? (field ? <Anchor href={`#${fieldId(field)}`}>{p.message}</Anchor> : p.message)
                : <>{field ? <Anchor href={`#${fieldId(field)}`}>{labels.get(field)}</Anchor> : <Text span ff="monospace" size="sm">{p.path || 'form'}</Text>}: {p.message}</>}
            </List.Item>
          );
        })}
      </List>
    </Alert>
  );
}

export function ApplicationForm({ view, editable }: { readonly view: RequestView; readonly editable: boolean }) {
  const schemaAnswer = useFormSchema();
  const client = useQueryClient();
  const notify = useNotify();
  const id = view.request.id;
  const [form, setForm] = useState<Record<string, unknown>>(view.form);
  const [dirty, setDirty] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const [serverProblems, setServerProblems] = useState<readonly FormProblem[]>([]);

  const model = useMemo(() => {
    if (!schemaAnswer.data) return null;
    const { schema, sections } = splitSchemaAnswer(schemaAnswer.data);
    try {
      return { sections: sectionsOf(schema, sections), validate: formValidator(schema), error: null };
    } catch (err) {
      return { sections: sectionsOf(schema, sections), validate: null, error: err };
    }
  }, [schemaAnswer.data]);

  const stored = (next: RequestView) => {
    client.setQueryData(accessKeys.request(id), next);
    void client.invalidateQueries({ queryKey: accessKeys.requests });
  };
  const save = useMutation({
    mutationFn: () => saveForm(id, form),
    onSuccess: (next) => { stored(next); setForm(next.form); setDirty(false); notify({ title: 'Draft saved' }); },
  });
  const submit = useMutation({
    mutationFn: async () => {
      if (dirty) stored(await saveForm(id, form));
      setDirty(false);
      return requestEvent(id, 'SUBMIT');
    },
    onSuccess: (next) => { stored(next); setServerProblems([]); notify({ title: 'Request submitted', message: 'The access committee is notified and reviews it.' }); },
    onError: async () => {
      // The hub's view says what it still misses (complete validation): shown above the form.
      const fresh = await fetchRequest(id).catch(() => null);
      if (fresh) stored(fresh);
      setServerProblems(fresh?.problems ?? []);
    },
  });

  if (schemaAnswer.isPending) return <Section title="Application form"><Loader size="sm" aria-label="Loading the application form" /></Section>;
  if (schemaAnswer.isError || !model) return <ProblemAlert error={schemaAnswer.error} title="Could not load the application form" onRetry={() => void schemaAnswer.refetch()} />;

  const fields = model.sections.flatMap((s) => s.fields);
  const labels = new Map(fields.map((f) => [f.path, f.label]));
  const browserProblems = model.validate ? model.validate(form, { complete: attempted }) : [];
  const placed = placeProblems(browserProblems, fields);
  const onSubmit = () => {
    setAttempted(true);
    if (model.validate && model.validate(form, { complete: true }).length > 0) return;
    submit.mutate();
  };

  if (!editable) {
    return (
      <Section title="Application form" intro="The researcher's answers, as submitted.">
        {model.sections.map((s) => (
          <Fieldset key={s.id} legend={s.title} variant="filled">
            {s.fields.length === 0 ? <Text size="sm" c="dimmed">No questions in this section.</Text> : (
              <Stack gap={6} component="dl" m={0}>{s.fields.map((f) => <FieldAnswer key={f.path} field={f} value={getIn(view.form, f.path)} />)}</Stack>
            )}
          </Fieldset>
        ))}
      </Section>
    );
  }

  const busy = save.isPending || submit.isPending;
  const stillNeeded = view.problems.length;
  return (
    <Section title="Application form" intro="Six sections. Save the draft at any time; submitting sends it to the access committee and it can no longer be changed.">
      {/* noValidate: the schema's check below says what is missing, beside each field, instead of the browser's bubbles. */}
      <form aria-label="Application form" noValidate onSubmit={(e) => { e.preventDefault(); onSubmit(); }}>
        <Stack gap="md">
          {model.error ? <ProblemAlert error={model.error} title="The form cannot be checked in this browser; the hub still checks it" /> : null}
          {!attempted && stillNeeded > 0 ? <Text size="sm" role="status">{stillNeeded} answer{stillNeeded === 1 ? ' is' : 's are'} still needed before the request can be submitted.</Text> : null}
          {attempted ? <ProblemSummary title="Some answers need attention before submitting" problems={browserProblems} labels={labels} /> : null}
          {model.sections.map((s) => (
            <Fieldset key={s.id} legend={s.title} aria-describedby={s.description ? `${s.id}-about` : undefined}>
              <Stack gap="sm">
                {s.description ? <Text id={`${s.id}-about`} size="sm" c="dimmed">{s.description}</Text> : null}
                {placed.other.filter((p) => p.section === s.id).map((p) => <Text key={p.path + p.message} size="sm" c="red.9">{p.message}</Text>)}
                {s.fields.map((f) => (
                  <FormFieldInput key={f.path} field={f} value={getIn(form, f.path)} problems={placed.byField.get(f.path)} disabled={busy}
                    onChange={(v) => { setForm((cur) => setIn(cur, f.path, v)); setDirty(true); }} />
                ))}
              </Stack>
            </Fieldset>
          ))}
          {submit.isError ? <ProblemAlert error={submit.error} title="The request was not submitted" /> : null}
          <ProblemSummary title="The hub still misses these answers" problems={submit.isError ? serverProblems : []} labels={labels} named />
          {save.isError ? <ProblemAlert error={save.error} title="The draft was not saved" /> : null}
          <Group gap="sm">
            <Button variant="default" onClick={() => save.mutate()} loading={save.isPending} disabled={busy && !save.isPending}>Save draft</Button>
            <Button type="submit" loading={submit.isPending} disabled={busy && !submit.isPending}>Submit request</Button>
            <Text size="xs" c="dimmed" aria-live="polite">{dirty ? 'Unsaved changes.' : 'All changes saved.'}</Text>
          </Group>
        </Stack>
      </form>
    </Section>
  );
}

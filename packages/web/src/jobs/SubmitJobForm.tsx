/**
 * A researcher's job: the permit (pasted, or read from the file the hub gave), a tool of the node's allow-list,
 * its arguments and, if need be, tighter or looser limits. The permit's own claims are shown before it is sent,
 * so a permit for another dataset or without in-situ use is noticed here; the node checks it for real.
 */
import { Alert, Button, Fieldset, Group, Input, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useId, useState } from 'react';
import { useNavigate } from 'react-router';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useNotify } from '../components/Notifications.tsx';
import { dateTime } from '../format.ts';
import { useSubmitJob, useTools } from './jobs-api.ts';
import { argsOf, limitsOf, limitsProblem, peekPermit } from './jobs.ts';

const MAX_PERMIT_FILE = 64 * 1024;

function PermitFile({ onRead, disabled }: { readonly onRead: (text: string) => void; readonly disabled: boolean }) {
  const id = useId();
  return (
    <Input.Wrapper label="Permit file" labelProps={{ htmlFor: id }} description="Or choose the permit file you downloaded from the hub.">
      <input id={id} type="file" accept=".jwt,.txt,text/plain" disabled={disabled} style={{ display: 'block', marginTop: 4, maxWidth: '100%' }}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file && file.size <= MAX_PERMIT_FILE) void file.text().then((t) => onRead(t.trim()));
        }} />
    </Input.Wrapper>
  );
}

export function SubmitJobForm() {
  const tools = useTools();
  const submit = useSubmitJob();
  const notify = useNotify();
  const navigate = useNavigate();
  const [permit, setPermit] = useState('');
  const [tool, setTool] = useState('');
  const [args, setArgs] = useState('');
  const [limits, setLimits] = useState({ wallSeconds: '', cpuSeconds: '', memoryMiB: '' });
  const [problem, setProblem] = useState<{ permit?: string; tool?: string; limits?: string }>({});
  const peek = peekPermit(permit);
  const chosen = tools.data?.find((t) => `${t.name}@${t.version}` === tool);

  const send = () => {
    const p = {
      ...('problem' in peek ? { permit: peek.problem } : !peek.actions.includes('in-situ') ? { permit: 'This permit does not allow in-situ analysis at the node: ask for a permit with that use.' } : {}),
      ...(chosen ? {} : { tool: 'Choose a tool.' }),
      ...(limitsProblem(limits) ? { limits: limitsProblem(limits)! } : {}),
    };
    setProblem(p);
    if (Object.keys(p).length > 0 || !chosen) return;
    const asked = limitsOf(limits);
    submit.mutate({ permit: permit.trim(), tool, args: argsOf(args), ...(asked ? { limits: asked } : {}) }, {
      onSuccess: (job) => {
        notify({ title: 'Job queued', message: `${job.tool.name} over ${job.dataset.id} v${job.dataset.version}; a steward reviews its outputs before any leaves the node.` });
        void navigate(`/jobs/${encodeURIComponent(job.id)}`);
      },
    });
  };

  const toolOptions = [{ value: '', label: tools.isPending ? 'Loading the tools…' : 'Choose a tool' },
    ...(tools.data ?? []).map((t) => ({ value: `${t.name}@${t.version}`, label: `${t.name} ${t.version}${t.builtIn ? ' (built in)' : ''}` }))];
  const limitField = (key: keyof typeof limits, label: string, unit: string) => (
    <TextInput label={label} inputMode="numeric" rightSection={<Text size="xs" c="dimmed">{unit}</Text>} rightSectionWidth={44} w={160}
      value={limits[key]} placeholder="default" disabled={submit.isPending}
      onChange={(e) => { const v = e.currentTarget.value; setLimits((l) => ({ ...l, [key]: v })); setProblem((p) => ({ ...p, limits: undefined })); }} />
  );

  return (
    <Stack gap="sm" component="form" aria-label="Submit a job" onSubmit={(e) => { e.preventDefault(); send(); }}>
      <Textarea label="Permit" description="The access permit for the dataset version, as the hub gave it (a long token). It must allow in-situ analysis."
        required autosize minRows={2} maxRows={5} value={permit} disabled={submit.isPending} error={problem.permit}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
        onChange={(e) => { setPermit(e.currentTarget.value); setProblem((p) => ({ ...p, permit: undefined })); }} />
      <PermitFile disabled={submit.isPending} onRead={(t) => { setPermit(t); setProblem((p) => ({ ...p, permit: undefined })); }} />
      {'problem' in peek ? null : (
        <Text size="sm" role="status">
          For <b>{peek.researcher}</b> on <b>{peek.dataset}</b>, allowing {peek.actions.join(', ') || 'nothing'}; expires {dateTime(peek.expiresAt)}.
        </Text>
      )}
      <NativeSelect label="Tool" required data={toolOptions} value={tool} disabled={submit.isPending || tools.isPending} error={problem.tool}
        onChange={(e) => { setTool(e.currentTarget.value); setProblem((p) => ({ ...p, tool: undefined })); }} maw={420} />
      {tools.isError ? <ProblemAlert error={tools.error} title="The tools could not be read" onRetry={() => void tools.refetch()} /> : null}
      {chosen ? (
        <Alert color="gray" variant="light" title={`${chosen.name} ${chosen.version}`}>
          <Text size="sm">{chosen.description}</Text>
          {chosen.usage ? <Text size="sm" mt={4} ff="monospace" style={{ whiteSpace: 'pre-wrap' }}>{chosen.usage}</Text> : null}
        </Alert>
      ) : null}
      <Textarea label="Arguments" description="One argument a line, passed to the tool as they are. The dataset is at /data, outputs go to /output."
        autosize minRows={2} maxRows={8} value={args} disabled={submit.isPending} onChange={(e) => setArgs(e.currentTarget.value)}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} />
      <Fieldset legend="Limits (empty: the node's defaults)" variant="unstyled">
        <Group gap="sm">
          {limitField('wallSeconds', 'Wall time', 's')}
          {limitField('cpuSeconds', 'CPU time', 's')}
          {limitField('memoryMiB', 'Memory', 'MiB')}
        </Group>
        {problem.limits ? <Text size="sm" c="red.8" mt={4} role="alert">{problem.limits}</Text> : null}
      </Fieldset>
      <Group>
        <Button type="submit" loading={submit.isPending}>Submit job</Button>
      </Group>
      {submit.isError ? <ProblemAlert error={submit.error} title="The job was not submitted" /> : null}
    </Stack>
  );
}

/**
 * A federated job: a tool every node ships, its arguments, and which of the researcher's permits it runs under
 * (active ones that allow federated jobs, grouped by node). Each chosen permit is one dataset at one node; the
 * node checks the permit again, runs the tool and has its steward review the outputs.
 */
import { Alert, Anchor, Button, Checkbox, Fieldset, Group, Loader, NativeSelect, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { usePermits } from '../access/access-api.ts';
import { useSession } from '../api/queries.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useNotify } from '../components/Notifications.tsx';
import { dateTime } from '../format.ts';
import { argsOf } from '../jobs/jobs.ts';
import { useHubTools, useSubmitHubJob } from './hub-jobs-api.ts';
import { federatedPermits } from './hub-jobs.ts';

export function SubmitHubJobForm() {
  const session = useSession();
  const tools = useHubTools();
  const permits = usePermits();
  const submit = useSubmitHubJob();
  const notify = useNotify();
  const navigate = useNavigate();
  const [tool, setTool] = useState('');
  const [args, setArgs] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [problem, setProblem] = useState<{ tool?: string; permits?: string }>({});
  // The hub names people `subject @ issuer` (as the permit does).
  const me = session.data?.kind === 'signed-in' ? `${session.data.session.subject} @ ${session.data.session.issuer}` : undefined;
  const groups = federatedPermits(permits.data?.permits ?? [], me, Date.now());
  const spec = tools.data?.find((t) => t.name === tool);

  const send = () => {
    const p = { ...(spec ? {} : { tool: 'Choose a tool.' }), ...(chosen.length > 0 ? {} : { permits: 'Choose at least one permit.' }) };
    setProblem(p);
    if (Object.keys(p).length > 0) return;
    submit.mutate({ tool, args: argsOf(args), permits: chosen }, {
      onSuccess: (v) => {
        notify({ title: 'Federated job sent', message: `${v.job.tool} to ${v.targets.length} dataset${v.targets.length === 1 ? '' : 's'}; each node's steward reviews the outputs before any leaves.` });
        void navigate(`/federated-jobs/${encodeURIComponent(v.job.id)}`);
      },
    });
  };

  return (
    <Stack gap="sm" component="form" aria-label="Send a federated job" onSubmit={(e) => { e.preventDefault(); send(); }}>
      <NativeSelect label="Tool" required value={tool} disabled={submit.isPending || tools.isPending} error={problem.tool}
        description="A tool every node ships; each node runs it from its own allow-list, checked by its content hash."
        data={[{ value: '', label: tools.isPending ? 'Loading the tools…' : 'Choose a tool' }, ...(tools.data ?? []).map((t) => ({ value: t.name, label: `${t.name} ${t.version}` }))]}
        onChange={(e) => { setTool(e.currentTarget.value); setProblem((x) => ({ ...x, tool: undefined })); }} />
      {tools.isError ? <ProblemAlert error={tools.error} title="Could not load the tools" onRetry={() => void tools.refetch()} /> : null}
      {spec ? <Text size="sm">{spec.description}{spec.usage ? <> Usage: <Text span ff="monospace" size="sm">{spec.usage}</Text></> : null}</Text> : null}
      <Textarea label="Arguments" description="One a line, passed to the tool as they are." autosize minRows={2} maxRows={8} value={args} disabled={submit.isPending}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }} onChange={(e) => setArgs(e.currentTarget.value)} />
      <Fieldset legend="Datasets (your permits that allow federated jobs)">
        {permits.isPending ? <Loader size="sm" aria-label="Loading your permits" /> : null}
        {permits.isError ? <ProblemAlert error={permits.error} title="Could not load your permits" onRetry={() => void permits.refetch()} /> : null}
        {permits.data && groups.length === 0 ? (
          <Text size="sm">None of your active <Anchor component={Link} to="/permits">permits</Anchor> allows federated jobs: a data holder grants that use on an access request.</Text>
        ) : null}
        <Checkbox.Group value={chosen} onChange={(v) => { setChosen(v); setProblem((x) => ({ ...x, permits: undefined })); }} error={problem.permits}>
          <Stack gap="sm">
            {groups.map((g) => (
              <Stack key={g.node} gap={4} role="group" aria-label={`Node ${g.nodeName}`}>
                <Text size="sm" fw={600}>{g.nodeName}</Text>
                {g.permits.map((p) => (
                  <Checkbox key={p.id} value={p.id} disabled={submit.isPending} label={`${p.name} (permit valid until ${dateTime(p.expiresAt)})`} />
                ))}
              </Stack>
            ))}
          </Stack>
        </Checkbox.Group>
      </Fieldset>
      {submit.isError ? <ProblemAlert error={submit.error} title="The hub did not accept the job" /> : null}
      <Alert variant="light" color="blue" title="What leaves the nodes">
        Each node runs the tool in its sandbox over the dataset version of your permit. Only outputs its steward releases come back; the hub joins tables
        with the same columns into one, with a node column.
      </Alert>
      <Group><Button type="submit" loading={submit.isPending}>Send the job</Button></Group>
    </Stack>
  );
}

/**
 * A job's outputs with what the disclosure checks found in each (block in red: never leaves; warn in yellow:
 * the reviewer decides). A steward previews any output not blocked (text as text, a PNG as the image) and may
 * download it; a researcher downloads the released ones.
 */
import { Anchor, Button, Code, Group, Image, Loader, ScrollArea, Table, Text } from '@mantine/core';
import { Fragment, useState } from 'react';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { bytes } from '../format.ts';
import { FlagList } from './JobBadges.tsx';
import { useOutputPreview } from './jobs-api.ts';
import { outputUrl, outputVerdict, PREVIEW_MAX_BYTES, shortHash } from './jobs.ts';
import type { Job, JobOutput } from './jobs-types.ts';

function Preview({ jobId, output }: { readonly jobId: string; readonly output: JobOutput }) {
  const preview = useOutputPreview(jobId, output.path, true);
  if (preview.isPending) return <Group gap="xs" role="status"><Loader size="xs" aria-label={`Loading ${output.path}`} /><Text size="sm">Loading…</Text></Group>;
  if (preview.isError) return <ProblemAlert error={preview.error} title={`${output.path} could not be read`} />;
  const p = preview.data;
  if (p.kind === 'image') return <Image src={p.url} alt={`The image ${output.path} written by the job`} maw={640} fit="contain" />;
  if (p.kind === 'binary') return <Text size="sm" c="dimmed">Not text: download it to look at it.</Text>;
  return (
    <ScrollArea.Autosize mah={360} type="auto" viewportProps={{ tabIndex: 0, 'aria-label': `Contents of ${output.path}`, role: 'region' }}>
      <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', fontSize: 12 }}>{p.text || '(empty)'}</Code>
    </ScrollArea.Autosize>
  );
}

function Row({ job, output, steward }: { readonly job: Job; readonly output: JobOutput; readonly steward: boolean }) {
  const [open, setOpen] = useState(false);
  const verdict = outputVerdict(output);
  const servable = verdict !== 'block' && (steward || output.released);
  const previewable = steward && servable && output.bytes <= PREVIEW_MAX_BYTES;
  return (
    <Fragment>
      <Table.Tr>
        <Table.Th scope="row" fw={500}><Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>{output.path}</Text></Table.Th>
        <Table.Td>{bytes(output.bytes)}</Table.Td>
        <Table.Td><Text size="xs" ff="monospace" title={output.sha256}>{shortHash(output.sha256)}</Text></Table.Td>
        <Table.Td><FlagList flags={output.flags} /></Table.Td>
        <Table.Td>{verdict === 'block' ? 'blocked' : output.released ? 'released' : 'held'}</Table.Td>
        <Table.Td>
          <Group gap="xs" wrap="nowrap">
            {previewable ? (
              <Button size="xs" variant="default" onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-label={`${open ? 'Hide' : 'Preview'} ${output.path}`}>{open ? 'Hide' : 'Preview'}</Button>
            ) : null}
            {servable ? <Anchor href={outputUrl(job.id, output.path)} download size="sm" aria-label={`Download ${output.path}`}>Download</Anchor> : null}
          </Group>
        </Table.Td>
      </Table.Tr>
      {open ? <Table.Tr><Table.Td colSpan={6}><Preview jobId={job.id} output={output} /></Table.Td></Table.Tr> : null}
    </Fragment>
  );
}

export function JobOutputs({ job, steward }: { readonly job: Job; readonly steward: boolean }) {
  if (job.outputs.length === 0) {
    return <Text size="sm" c="dimmed">{job.state === 'queued' || job.state === 'running' ? 'Outputs are listed once the job has ended.' : 'The job wrote no outputs.'}</Text>;
  }
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table aria-label="Outputs of the job" withTableBorder>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">File</Table.Th><Table.Th scope="col">Size</Table.Th><Table.Th scope="col">SHA-256</Table.Th>
            <Table.Th scope="col">Disclosure checks</Table.Th><Table.Th scope="col">Status</Table.Th><Table.Th scope="col"><Text span size="sm" fw={700}>Open</Text></Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>{job.outputs.map((o) => <Row key={o.path} job={job} output={o} steward={steward} />)}</Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

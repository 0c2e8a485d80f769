/**
 * The job's log as the steward follows it: fetched every second while the job runs, then once more at its end.
 * The region scrolls to the newest line unless the reader has scrolled up to read an older one.
 */
import { Code, Group, Loader, ScrollArea, Text } from '@mantine/core';
import { useEffect, useRef } from 'react';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { useJobLog } from './jobs-api.ts';

export function JobLog({ jobId }: { readonly jobId: string }) {
  const log = useJobLog(jobId, true);
  const viewport = useRef<HTMLDivElement>(null);
  const pinned = useRef(true);
  useEffect(() => {
    const v = viewport.current;
    if (v && pinned.current) v.scrollTop = v.scrollHeight;
  }, [log.text]);
  return (
    <>
      {log.error ? <ProblemAlert error={log.error} title="The log could not be read" /> : null}
      <Group gap="xs" role="status">
        {log.done ? <Text size="sm" c="dimmed">The job has ended; this is its whole log.</Text> : <><Loader size="xs" aria-label="Following the log" /><Text size="sm">Following the log…</Text></>}
      </Group>
      <ScrollArea.Autosize mah={420} viewportRef={viewport} type="auto"
        viewportProps={{ tabIndex: 0, 'aria-label': 'Job log', role: 'region' }}
        onScrollPositionChange={({ y }) => { const v = viewport.current; if (v) pinned.current = y + v.clientHeight >= v.scrollHeight - 8; }}>
        <Code block style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>{log.text || (log.done ? '(the log is empty)' : '(nothing written yet)')}</Code>
      </ScrollArea.Autosize>
    </>
  );
}

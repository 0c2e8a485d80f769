/**
 * The review of an onboarding as a stepper (access committee, technical board, ethical-legal board,
 * decision, or the hub's configured steps): each step's decision, who made it and why; the current step's
 * decision buttons for the role the step belongs to. Return and reject need a reason the holder reads.
 */
import { Button, Group, Stack, Stepper, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { dateTime } from '../format.ts';
import { useDecideStep } from './onboarding-api.ts';
import { activeStepIndex, needsReason } from './onboarding.ts';
import type { OnboardingView, ReviewDecision, ReviewStep } from './onboarding-types.ts';

const ROLE_NAMES: Readonly<Record<string, string>> = { committee: 'access committee', operator: 'hub operator', holder: 'data holder', researcher: 'researcher', system: 'the hub' };

const DECIDED: Readonly<Record<ReviewDecision, string>> = { approve: 'Approved', reject: 'Rejected', return: 'Returned to the holder' };

function StepDecision({ onboarding, step }: { readonly onboarding: string; readonly step: ReviewStep }) {
  const decide = useDecideStep(onboarding);
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const send = (decision: ReviewDecision) => {
    if (needsReason(decision) && reason.trim() === '') { setProblem('Give the reason: the data holder reads it.'); return; }
    setProblem(null);
    decide.mutate({ step: step.id, decision, ...(reason.trim() ? { reason: reason.trim() } : {}) }, { onSuccess: () => setReason('') });
  };
  return (
    <Stack gap="sm" component="form" aria-label={`Decision of the ${step.title}`} onSubmit={(e) => e.preventDefault()}>
      <Textarea label={`Reason (${step.title})`} description="Required to return or reject; recorded with the decision." autosize minRows={2} maxLength={2000}
        value={reason} onChange={(e) => { setReason(e.currentTarget.value); setProblem(null); }} error={problem} disabled={decide.isPending} maw={640} />
      <Group gap="sm">
        <Button color="teal" onClick={() => send('approve')} loading={decide.isPending && decide.variables?.decision === 'approve'} disabled={decide.isPending}>Approve step</Button>
        <Button variant="default" onClick={() => send('return')} loading={decide.isPending && decide.variables?.decision === 'return'} disabled={decide.isPending}>Return</Button>
        <Button color="red" variant="outline" onClick={() => send('reject')} loading={decide.isPending && decide.variables?.decision === 'reject'} disabled={decide.isPending}>Reject</Button>
      </Group>
      {decide.isError ? <ProblemAlert error={decide.error} title="The decision was not recorded" /> : null}
    </Stack>
  );
}

export function ReviewSteps({ view, canDecide }: { readonly view: OnboardingView; readonly canDecide: boolean }) {
  const active = activeStepIndex(view);
  const current = view.reviews[active];
  return (
    <Stack gap="md">
      <Stepper active={active} orientation="vertical" size="sm" allowNextStepsSelect={false} aria-label="Review steps">
        {view.reviews.map((r) => (
          <Stepper.Step key={r.step.id} label={r.step.title} color={r.decision === 'reject' ? 'red' : r.decision === 'return' ? 'orange' : undefined}
            description={
              <Text span size="sm" c="dimmed">
                By the {ROLE_NAMES[r.step.role] ?? r.step.role}.{' '}
                {r.decision ? <>{DECIDED[r.decision]} by {r.by ?? '—'}{r.at ? ` on ${dateTime(r.at)}` : ''}{r.reason ? `: ${r.reason}` : '.'}</> : 'Not decided yet.'}
              </Text>
            } />
        ))}
        <Stepper.Completed><Text size="sm">Every step approved: the node's datasets can be searched at the hub.</Text></Stepper.Completed>
      </Stepper>
      {canDecide && current && view.nextStep ? <StepDecision onboarding={view.onboarding.id} step={view.nextStep} /> : null}
    </Stack>
  );
}

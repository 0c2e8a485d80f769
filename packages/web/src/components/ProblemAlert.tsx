/**
 * An API failure as the user should read it: what failed (the caller's title), the problem's code (to look up
 * in docs/errors.md) and its detail, which the node writes without identifiers. A 401 becomes a prompt to sign
 * in instead. A node that could not be reached says so (not "not found": nothing was asked of it), and a
 * failed read offers a retry, so a passing network fault does not need a reload of the whole page.
 */
import { Alert, Anchor, Button, Code, Text } from '@mantine/core';
import { ApiError } from '../api/client.ts';

export function ProblemAlert({ error, title, onRetry }: {
  readonly error: unknown;
  readonly title?: string;
  /** Refetches what failed; the button shows only when given (a failed write is retried from its own form). */
  readonly onRetry?: () => void;
}) {
  if (error instanceof ApiError && error.status === 401) {
    return (
      <Alert color="blue" title="Sign-in needed" role="alert">
        <Text size="sm">You are not signed in in this browser, or your session has ended. <Anchor href="/auth/login">Go to the sign-in page</Anchor> and come back here.</Text>
      </Alert>
    );
  }
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const detail = error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  const what = title ?? (error instanceof ApiError ? error.title : 'Something went wrong');
  // The caller's title says what failed; the problem's own title says why, unless it would repeat it.
  const why = error instanceof ApiError && title && error.title !== title ? `${error.title}: ` : '';
  return (
    <Alert color={error instanceof ApiError && error.status >= 400 && error.status < 500 ? 'orange' : 'red'} role="alert"
      title={<>{what} <Code>{code}</Code></>}>
      <Text size="sm">{why}{detail}</Text>
      {onRetry ? <Button size="xs" variant="default" mt="sm" onClick={onRetry}>Retry</Button> : null}
    </Alert>
  );
}

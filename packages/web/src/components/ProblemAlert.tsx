/**
 * An API failure as the steward should read it: the problem's code (to look up in docs/errors.md) and its
 * detail, which the node writes without identifiers. A 401 becomes a prompt to sign in instead.
 */
import { Alert, Anchor, Code, Text } from '@mantine/core';
import { ApiError } from '../api/client.ts';

export function ProblemAlert({ error, title }: { readonly error: unknown; readonly title?: string }) {
  if (error instanceof ApiError && error.status === 401) {
    return (
      <Alert color="blue" title="Sign-in needed" role="alert">
        <Text size="sm">You are not signed in in this browser, or your session has ended. <Anchor href="/auth/login">Go to the sign-in page</Anchor> and come back here.</Text>
      </Alert>
    );
  }
  const code = error instanceof ApiError ? error.code : 'ERROR';
  const detail = error instanceof ApiError ? error.detail : error instanceof Error ? error.message : String(error);
  return (
    <Alert color={error instanceof ApiError && error.status < 500 ? 'orange' : 'red'} role="alert"
      title={<>{title ?? (error instanceof ApiError ? error.title : 'Something went wrong')} <Code>{code}</Code></>}>
      <Text size="sm">{detail}</Text>
    </Alert>
  );
}

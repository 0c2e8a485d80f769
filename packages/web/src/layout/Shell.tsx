/**
 * The frame around every page: the header says which node this is and who is signed in; the navbar leads to
 * the pages this user may use (api/access.ts): a researcher is not shown the steward's pages. Pages render into
 * the outlet. From 360 px up nothing is clipped: below the `sm` breakpoint the navigation folds behind the
 * burger and the account (name, roles, sign-out) behind one menu button.
 */
import { AppShell, Badge, Burger, Button, Group, Menu, NavLink, ScrollArea, Text, Tooltip, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { NavLink as RouterNavLink, Outlet, useLocation } from 'react-router';
import { atHub, navigationFor } from '../api/access.ts';
import { postJson } from '../api/client.ts';
import { useSession } from '../api/queries.ts';
import { ProblemAlert } from '../components/ProblemAlert.tsx';
import { accessLinksFor } from '../node-access/nav.ts';
import { jobLinksFor } from '../jobs/nav.ts';
import { hubJobLinksFor } from '../hub-jobs/nav.ts';
import { NotificationsBell } from '../access/NotificationsBell.tsx';
import { accessNavFor } from '../access/request-lists.ts';


function Account() {
  const session = useSession();
  const signOut = useMutation({
    mutationFn: () => postJson<{ signedOut: boolean; endSessionUrl?: string }>('/auth/logout'),
    // A reload drops every cached response of the signed-in user along with the session. With an identity
    // provider, the browser goes there first so its session ends too (it sends the browser back here).
    onSuccess: (r) => window.location.assign(r.endSessionUrl ?? '/'),
  });
  // On a phone a status line is cut with an ellipsis (its full text in the tooltip) rather than pushing the header wider.
  const status = (text: string, c: string) => <Text size="sm" c={c} truncate maw={{ base: 170, sm: 420 }} title={text}>{text}</Text>;
  if (session.isPending) return status('Checking sign-in…', 'dimmed');
  if (session.isError) return status('Sign-in status unknown', 'red.9');
  const s = session.data;
  if (s.kind === 'not-configured') return status('Sign-in is not configured on this node', 'dimmed');
  if (s.kind === 'signed-out') {
    return <Button size="xs" onClick={() => window.location.assign('/auth/login')}>Sign in</Button>;
  }
  const { subject, roles } = s.session;
  const failed = signOut.isError ? <Tooltip label="Sign-out failed"><Text size="xs" c="red.9">!</Text></Tooltip> : null;
  // Both layouts are rendered and CSS shows one (no flash of the wrong one on load); the wide one comes first in
  // the page so that the visible name is the first match for anyone searching the header by text.
  return (
    <>
      <Group gap="xs" wrap="nowrap" visibleFrom="sm">
        <Text size="sm" truncate maw={220} title={subject}>
          <VisuallyHidden>Signed in as </VisuallyHidden>{subject}
        </Text>
        <VisuallyHidden>, role{roles.length === 1 ? '' : 's'}: </VisuallyHidden>
        {roles.map((r) => <Badge key={r} size="sm" variant="light">{r}</Badge>)}
        <Button size="xs" variant="default" loading={signOut.isPending} onClick={() => signOut.mutate()}>Sign out</Button>
        {failed}
      </Group>
      <Group gap={4} wrap="nowrap" hiddenFrom="sm">
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <Button size="xs" variant="default" maw={150} loading={signOut.isPending} rightSection={<span aria-hidden>▾</span>}>
              <VisuallyHidden>Account of </VisuallyHidden>
              <Text span size="xs" fw={600} truncate title={subject}>{subject}</Text>
            </Button>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Signed in as {subject}</Menu.Label>
            <Menu.Label>
              Role{roles.length === 1 ? '' : 's'}: <Group gap={4} component="span" display="inline-flex">{roles.map((r) => <Badge key={r} size="sm" variant="light">{r}</Badge>)}</Group>
            </Menu.Label>
            <Menu.Divider />
            <Menu.Item onClick={() => signOut.mutate()}>Sign out</Menu.Item>
          </Menu.Dropdown>
        </Menu>
        {failed}
      </Group>
    </>
  );
}

export function Shell() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const location = useLocation();
  const session = useSession();
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 210, breakpoint: 'sm', collapsed: { mobile: !opened } }} padding="lg">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={opened ? 'Close navigation' : 'Open navigation'} />
            <Text component="span" fw={700} size="lg">OncoAtlas</Text>
            <Text component="span" size="sm" c="dimmed" visibleFrom="xs">{atHub(session.data) ? 'hub' : 'node'} {window.location.host}</Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            {accessNavFor(session.data).length > 0 ? <NotificationsBell /> : null}
            <Account />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="Pages">
        <AppShell.Section grow component={ScrollArea}>
          <nav aria-label="Main">
            {[...navigationFor(session.data), ...accessNavFor(session.data), ...accessLinksFor(session.data), ...jobLinksFor(session.data), ...hubJobLinksFor(session.data)].map((l) => (
              <NavLink key={l.to} component={RouterNavLink} to={l.to} end={l.to === '/'} label={l.label} onClick={close}
                active={l.to === '/' ? location.pathname === '/' : location.pathname.startsWith(l.to)} />
            ))}
          </nav>
        </AppShell.Section>
        <AppShell.Section>
          <Text size="xs" c="dimmed" px="sm" pb="xs">
            <a href="/docs" style={{ color: 'inherit' }}>API documentation</a>
          </Text>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        {session.isError ? <ProblemAlert error={session.error} title="Could not check who is signed in" onRetry={() => void session.refetch()} /> : null}
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

/**
 * The hub's notifications in the header: a bell with the number unread, opening the latest with a link to
 * their request or onboarding. Opening one marks it read. Polled every 30 s (the hub also e-mails them).
 */
import { Badge, Button, Menu, Text, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { dateTime } from '../format.ts';
import { accessKeys, markNotificationRead, useNotifications } from './access-api.ts';
import { notificationTarget } from './request-lists.ts';

const SHOWN = 12;

/** A bell drawn inline: no icon font or emoji font is assumed on the hospital's machines. */
function BellIcon() {
  return (
    <svg aria-hidden width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

export function NotificationsBell() {
  const notifications = useNotifications(true);
  const client = useQueryClient();
  const navigate = useNavigate();
  const unread = notifications.data?.unread ?? 0;
  const list = notifications.data?.notifications.slice(0, SHOWN) ?? [];
  const open = async (n: (typeof list)[number]) => {
    if (n.readAt === null) {
      await markNotificationRead(n.id).catch(() => undefined);
      void client.invalidateQueries({ queryKey: accessKeys.notifications });
    }
    const to = notificationTarget(n);
    if (to) void navigate(to);
  };
  return (
    <Menu position="bottom-end" withinPortal width={340}>
      <Menu.Target>
        <Button size="xs" variant="default" aria-label={`Notifications, ${unread} unread`}
          rightSection={unread > 0 ? <Badge size="xs" color="red" variant="filled" aria-hidden>{unread}</Badge> : undefined}>
          <BellIcon />
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Notifications{unread > 0 ? ` (${unread} unread)` : ''}</Menu.Label>
        {notifications.isError ? <Menu.Item disabled>Could not load the notifications</Menu.Item> : null}
        {notifications.data && list.length === 0 ? <Menu.Item disabled>No notification</Menu.Item> : null}
        {list.map((n) => (
          <Menu.Item key={n.id} onClick={() => void open(n)}>
            <Text size="sm" fw={n.readAt === null ? 700 : 400}>
              {n.readAt === null ? <VisuallyHidden>Unread: </VisuallyHidden> : null}{n.text}
            </Text>
            <Text size="xs" c="dimmed">{dateTime(n.createdAt)}</Text>
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}

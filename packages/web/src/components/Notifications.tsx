/**
 * Short confirmations after a write ("Study approved"), shown top right for a few seconds and announced to
 * screen readers. A small provider over Mantine's Notification: the notifications package is not a dependency.
 */
import { Notification, Portal, Stack } from '@mantine/core';
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

export interface Note {
  readonly title: string;
  readonly message?: string;
  readonly color?: 'green' | 'red' | 'blue' | 'orange';
}

interface Shown extends Note { readonly id: number }

const NotifyContext = createContext<(note: Note) => void>(() => undefined);

export const useNotify = (): ((note: Note) => void) => useContext(NotifyContext);

const SHOWN_MS = 6000;

export function NotificationsProvider({ children }: { readonly children: ReactNode }) {
  const [notes, setNotes] = useState<readonly Shown[]>([]);
  const next = useRef(1);
  const close = useCallback((id: number) => setNotes((list) => list.filter((n) => n.id !== id)), []);
  const notify = useCallback((note: Note) => {
    const id = next.current++;
    setNotes((list) => [...list.slice(-3), { ...note, id }]);
    window.setTimeout(() => close(id), SHOWN_MS);
  }, [close]);
  const value = useMemo(() => notify, [notify]);
  return (
    <NotifyContext.Provider value={value}>
      {children}
      <Portal>
        <Stack gap="xs" role="status" aria-live="polite"
          style={{ position: 'fixed', top: 72, right: 16, zIndex: 1000, width: 360, maxWidth: 'calc(100vw - 32px)' }}>
          {notes.map((n) => (
            <Notification key={n.id} role="status" title={n.title} color={n.color ?? 'green'} withBorder
              onClose={() => close(n.id)} closeButtonProps={{ 'aria-label': 'Dismiss notification' }}
              // Mantine's description grey (gray 6, 3.3:1 on white) is under WCAG AA for its small text.
              styles={{ description: { color: 'var(--mantine-color-gray-8)' } }}>
              {n.message}
            </Notification>
          ))}
        </Stack>
      </Portal>
    </NotifyContext.Provider>
  );
}

/**
 * The browser entry: Mantine's theme, one query client for the whole UI, and the router. Mantine's styles are
 * bundled (no fonts or stylesheets from other hosts: the node may sit behind a hospital firewall).
 */
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './app.css';
import { MantineProvider, createTheme } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.tsx';
import { NotificationsProvider } from './components/Notifications.tsx';

const theme = createTheme({
  primaryColor: 'teal',
  // Teal 6 on white is too light for text (links, 2.6:1); shade 9 gives 5:1 (WCAG AA) for links and button labels.
  primaryShade: { light: 9, dark: 6 },
  // System fonts only: nothing is fetched from a font host.
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
  focusRing: 'auto',
});

const queryClient = new QueryClient({
  defaultOptions: {
    queries: { staleTime: 5_000, refetchOnWindowFocus: true },
  },
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <NotificationsProvider>
          <BrowserRouter>
            <App />
          </BrowserRouter>
        </NotificationsProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);

/**
 * The browser entry: Mantine's theme, one query client for the whole UI, and the router. Mantine's styles are
 * bundled (no fonts or stylesheets from other hosts: the node may sit behind a hospital firewall).
 */
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import './app.css';
import { DEFAULT_THEME, Loader, MantineProvider, createTheme, type CSSVariablesResolver } from '@mantine/core';
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
  // A loader is a <span>: its aria-label ("Loading the permits") is read only with a role, and ARIA forbids it without one.
  components: { Loader: Loader.extend({ defaultProps: { role: 'status' } }) },
  // System fonts only: nothing is fetched from a font host.
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  headings: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
  focusRing: 'auto',
});

/**
 * Mantine's defaults for secondary text (gray 6, 3.3:1 on white), for the text of light badges, alerts and the
 * active navigation link (shade 6 on a tint of the colour, about 3:1), and for a hovered filled button are under
 * WCAG AA's 4.5:1 for small text. Darker text on the palest tint keeps the look and reaches it; axe-core checks
 * every page in the end-to-end test.
 */
const darker = (c: string, shade: number, by: number): string => `color-mix(in srgb, var(--mantine-color-${c}-${shade}) ${100 - by}%, black)`;
const contrast: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // Mantine's field-error red (red 6: 3.3:1 on white) is under AA for the small error text under a field.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    ...Object.fromEntries(Object.keys(DEFAULT_THEME.colors).flatMap((c) => [
      [`--mantine-color-${c}-light-color`, darker(c, 9, 25)],
      [`--mantine-color-${c}-light`, `var(--mantine-color-${c}-0)`],
      [`--mantine-color-${c}-light-hover`, `var(--mantine-color-${c}-1)`],
      [`--mantine-color-${c}-filled`, darker(c, 9, 10)],
      [`--mantine-color-${c}-filled-hover`, darker(c, 9, 25)],
    ])),
  },
  dark: {},
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
    <MantineProvider theme={theme} defaultColorScheme="light" cssVariablesResolver={contrast}>
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

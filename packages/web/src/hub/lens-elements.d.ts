/**
 * The @samply/lens custom elements the explorer uses, for JSX. React 19 passes props to a custom element as
 * properties when the element defines them (Lens's Svelte elements do), so objects and numbers arrive as such.
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';

type LensElement<P> = DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & P;

declare module 'react' {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace JSX {
    interface IntrinsicElements {
      'lens-search-bar-multiple': LensElement<{ placeholderText?: string; noMatchesFoundMessage?: string }>;
      'lens-search-button': LensElement<{ title?: string; disabled?: boolean }>;
      'lens-catalogue': LensElement<{ toggle?: { collapsable: boolean; open: boolean } }>;
      'lens-result-summary': LensElement<object>;
      'lens-result-table': LensElement<{ title?: string; pageSize?: number }>;
      'lens-chart': LensElement<{
        title?: string; dataKey: string; chartType?: 'pie' | 'bar'; indexAxis?: 'x' | 'y';
        xAxisTitle?: string; yAxisTitle?: string; displayLegends?: boolean; perSite?: boolean;
      }>;
      'lens-toast': LensElement<object>;
    }
  }
}

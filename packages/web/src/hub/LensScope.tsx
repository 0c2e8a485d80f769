/**
 * Lens's elements keep their own styles in their shadow roots; only its stylesheet's variables (colours, gaps)
 * are global, set on :root. They are set on this wrapper instead, so nothing of Lens reaches the other pages
 * (a lazily loaded page's global CSS would stay after leaving it), and Lens text uses our font.
 */
import lensCss from '@samply/lens/style.css?inline';
import type { ReactNode } from 'react';

const SCOPE = 'oncoatlas-lens';
const scopedCss = `${lensCss.replaceAll(':root', `.${SCOPE}`)}
.${SCOPE}{font-family:inherit;--font-family:var(--mantine-font-family);--font-color:var(--mantine-color-text);--blue:var(--mantine-color-teal-9);--light-blue:var(--mantine-color-teal-7);--dark-blue:var(--mantine-color-teal-9);--button-background-color:var(--mantine-color-teal-9);--button-background-color-hover:var(--mantine-color-teal-7)}`;

export function LensScope({ children }: { readonly children: ReactNode }) {
  return (
    <div className={SCOPE}>
      <style>{scopedCss}</style>
      {children}
    </div>
  );
}

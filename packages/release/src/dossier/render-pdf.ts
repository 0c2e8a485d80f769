/**
 * Prints the dossier HTML to an A4 PDF with the system's headless Chromium. Chromium is driven through
 * playwright-core, which downloads nothing: the hospital installs Debian's `chromium` package, or points
 * ONCOATLAS_CHROMIUM at a browser its IT has approved.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { oncoError, replacePrivateFile } from '@oncoatlas/core';
import type { Browser } from 'playwright-core';

export interface RenderPdfOptions {
  /** The Chromium binary; default ONCOATLAS_CHROMIUM, then /usr/bin/chromium. */
  readonly executablePath?: string;
  /** Upper bound for starting the browser, loading the page and printing it; default 60 s. */
  readonly timeoutMs?: number;
}

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

// Servers run these as root behind a closed network: without --no-sandbox Chromium refuses to start as
// root, and the others stop it from phoning home (updates, sync, field trials) and waiting on timeouts.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const WHAT_TO_DO = 'Install the Debian package `chromium` (apt-get install chromium), or set ONCOATLAS_CHROMIUM to a Chromium binary, or pass --no-pdf to write the HTML dossier only.';

// Chromium draws the footer in the page's bottom margin, so these must match the @page rule of the HTML.
const MARGIN = { top: '18mm', right: '16mm', bottom: '20mm', left: '16mm' };

// The footer is rendered in its own document with a zero default font size: every style must be inline.
const FOOTER =
  '<div style="width:100%;font-family:\'DejaVu Sans\',Arial,sans-serif;font-size:8px;color:#6b7785;text-align:center;">' +
  'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>';

function executableOf(options: RenderPdfOptions): string {
  return options.executablePath ?? process.env.ONCOATLAS_CHROMIUM ?? DEFAULT_CHROMIUM;
}

/** Whether a Chromium binary is where renderPdf would look: lets a caller skip the PDF with a clear message. */
export function chromiumAvailable(executablePath?: string): boolean {
  return existsSync(executablePath ?? process.env.ONCOATLAS_CHROMIUM ?? DEFAULT_CHROMIUM);
}

/**
 * Counts the page objects. Chromium (Skia) writes each page as an uncompressed `/Type /Page` dictionary;
 * should a future version pack them into object streams the count is simply not reported.
 */
function countPages(pdf: Uint8Array): number | undefined {
  const n = Buffer.from(pdf).toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g)?.length ?? 0;
  return n > 0 ? n : undefined;
}

/**
 * Writes `outFile` (via `outFile.tmp` and a rename, so a reader never sees half a PDF) and returns the page
 * count when it can be read. Every network request of the page is aborted: the dossier is self-contained,
 * and a request would mean something in the data was taken for a URL.
 *
 * @throws DOSSIER_PDF_FAILED when Chromium is missing, does not start, or fails to print.
 */
export async function renderPdf(html: string, outFile: string, options: RenderPdfOptions = {}): Promise<{ pages?: number }> {
  const executablePath = executableOf(options);
  const timeout = options.timeoutMs ?? 60_000;
  if (!existsSync(executablePath)) {
    throw oncoError('DOSSIER_PDF_FAILED', `No Chromium browser at the configured path, so the PDF dossier cannot be made. ${WHAT_TO_DO}`, { executablePath });
  }

  let browser: Browser;
  try {
    // Loaded here, not at the top: playwright-core is large, and every oncoatlas command (and the de-identification
    // benchmark's peak memory) would otherwise pay for it at start-up.
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS, timeout });
  } catch (err) {
    throw oncoError('DOSSIER_PDF_FAILED', `Chromium did not start, so the PDF dossier cannot be made. ${WHAT_TO_DO}`, { executablePath }, err);
  }

  let pdf: Uint8Array;
  try {
    const context = await browser.newContext({ offline: true });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      return url.startsWith('about:') || url.startsWith('data:') ? route.continue() : route.abort();
    });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    await page.setContent(html, { waitUntil: 'load', timeout });
    pdf = await page.pdf({
      format: 'A4',
      printBackground: true,
      displayHeaderFooter: true,
      // An empty header, not the default one, which would print the page title and today's date.
      headerTemplate: '<span></span>',
      footerTemplate: FOOTER,
      margin: MARGIN,
      outline: true,
      tagged: true,
    });
  } catch (err) {
    throw oncoError('DOSSIER_PDF_FAILED', 'Chromium started but could not print the dossier to PDF. Run again with ONCOATLAS_DEBUG=1 to see the cause.', { executablePath }, err);
  } finally {
    await browser.close().catch(() => {});
  }

  const tmp = `${outFile}.tmp`;
  try {
    replacePrivateFile(outFile, pdf);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => {});
    throw oncoError('IO_FAILED', 'The PDF dossier could not be written; check the output folder and its permissions.', {}, err);
  }
  const pages = countPages(pdf);
  return pages === undefined ? {} : { pages };
}

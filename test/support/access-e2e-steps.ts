/**
 * The pieces of the governed-access e2e (test/access-e2e.test.ts) that are not its story: steps that report
 * one by one (a failing step skips the rest, so the run says exactly how far the workflow got), bearer-token
 * calls of the hub's and nodes' APIs, browser contexts signed in by one-time links, and screenshots.
 */
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { cli } from './federation-cluster.ts';

/**
 * Runs named steps as subtests in order; after the first failure the rest are skipped with its name, and
 * `onFail` runs once (e.g. photographs every open page, to see what the step met).
 */
export function stepper(t: TestContext, onFail: () => Promise<void> = async () => undefined): (name: string, fn: () => Promise<void>) => Promise<void> {
  let failed: string | null = null;
  return async (name, fn) => {
    await t.test(name, async (s) => {
      if (failed) { s.skip(`an earlier step failed: ${failed}`); return; }
      try { await fn(); } catch (err) { failed = name; await onFail().catch(() => undefined); throw err; }
    });
  };
}

/** A JSON call with a bearer token; a non-2xx answer fails with the problem's code and detail. */
export async function api<T>(base: string, token: string, method: string, path: string, body?: unknown): Promise<T> {
  const r = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} answered ${r.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function out(...args: string[]): Promise<string> {
  const r = await cli(...args);
  if (r.status !== 0) throw new Error(`oncoatlas ${args.slice(0, 3).join(' ')} failed: ${r.out}`);
  return r.out.trim();
}

export const hubToken = (hubDir: string, role: string, subject: string): Promise<string> =>
  out('hub', 'token', 'new', '--data-dir', hubDir, '--role', role, '--subject', subject);

export const nodeToken = (dataDir: string, role: string, subject: string): Promise<string> =>
  out('token', 'new', '--data-dir', dataDir, '--role', role, '--subject', subject);

/** A fresh browser context (its own cookies: the hub and the nodes share 127.0.0.1) signed in by a one-time link. */
export async function signedIn(browser: Browser, errors: string[], link: Promise<string>): Promise<Page> {
  // bypassCSP only lets the test add axe-core's script (support/axe.ts); the pages get the servers' CSP otherwise.
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, bypassCSP: true });
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(await link);
  return page;
}

export const hubSignIn = (hubDir: string, hubUrl: string, role: string, subject: string): Promise<string> =>
  out('hub', 'token', 'new', '--data-dir', hubDir, '--role', role, '--subject', subject, '--sign-in-link', '--url', hubUrl);

export const nodeSignIn = (dataDir: string, nodeUrl: string, role: string, subject: string): Promise<string> =>
  out('token', 'new', '--data-dir', dataDir, '--role', role, '--subject', subject, '--sign-in-link', '--url', nodeUrl);

/** Polls until `check` holds (or fails naming `what`). */
export async function until(check: () => Promise<boolean>, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) assert.fail(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** A page's navigation, as its user is offered it. */
export const navigation = (page: Page): Promise<string[]> => page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts();

/** A form control's accessible name, exactly, with or without the asterisk Mantine adds to required fields. */
export const labelled = (name: string): RegExp => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*\\*?$`);

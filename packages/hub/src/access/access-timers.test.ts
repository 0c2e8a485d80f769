/**
 * The hub's inactivity timers with a fake clock (reminded once, then closed with a message), its e-mail
 * against a local SMTP server (recipients, subjects, no document bytes; a failure retried by the next tick), and
 * searchability (a node without an approved onboarding is not searched unless the hub does not require it).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { SAMPLE_APPLICATION } from '@oncoatlas/access';
import { isOncoAtlasError } from '@oncoatlas/core';
import { freePort } from '@oncoatlas/testkit';
import { signAssertion } from '../credentials.ts';
import { Hub } from '../hub.ts';
import { loadOrCreateSigningKey } from '../signing-key.ts';

const DAY = 86_400_000;
const SECRET_BYTES = '%PDF-1.4 SYNTHETIC ethics approval 7f3a-unique-bytes';

interface Mail { readonly to: string[]; readonly raw: string }

function startSmtp(t: { after(fn: () => unknown): void }, port: number): Promise<Mail[]> {
  const received: Mail[] = [];
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'], logger: false,
    onData(stream, session, done) {
      let raw = '';
      stream.on('data', (c: Buffer) => { raw += c.toString(); });
      stream.on('end', () => { received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw }); done(); });
    },
  });
  t.after(() => new Promise<void>((done) => server.close(() => done())));
  return new Promise((done) => server.listen(port, '127.0.0.1', () => done(received)));
}

async function openHub(t: { after(fn: () => unknown): void }, o: { clock: { now: number }; requireOnboarding?: boolean; smtpPort?: number }) {
  const dir = mkdtempSync(join(tmpdir(), 'oncoatlas-hub-timers-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const hub = await Hub.open({
    dataDir: dir, now: () => o.clock.now, ...(o.requireOnboarding === undefined ? {} : { requireOnboarding: o.requireOnboarding }),
    access: { committeeEmails: ['dac@hub.example'], ...(o.smtpPort ? { mail: { smtpUrl: `smtp://127.0.0.1:${o.smtpPort}`, from: 'OncoAtlas hub <hub@hub.example>' } } : {}) },
  });
  t.after(() => hub.close());
  const key = await loadOrCreateSigningKey(join(dir, 'node.key'));
  const node = await hub.join({ publicKey: key.publicJwk, proof: await signAssertion(key, { audience: hub.identity().hubId, purpose: 'join', name: 'A' }) });
  await hub.approve(node.id, 'op');
  return { hub, node: node.id };
}

const rita = { actor: 'rita @ urn:test', roles: ['researcher'] };
const committee = { actor: 'carla @ urn:test', roles: ['committee'] };

test('inactivity with a fake clock: a draft is reminded, then abandoned with a message; e-mail sent after commit, retried, without document bytes', async (t) => {
  const clock = { now: Date.now() };
  const smtpPort = await freePort();
  const { hub, node } = await openHub(t, { clock, requireOnboarding: false, smtpPort });

  // A submitted request: the committee is told, by e-mail too; the SMTP server is not up yet.
  const submitted = (await hub.access.requests.create(rita, { resources: [{ node, dataset: 'uuid-1', name: 'CT' }] })).request.id;
  await hub.access.requests.saveForm(rita, submitted, SAMPLE_APPLICATION);
  for (const kind of ['ethics-approval', 'dpia']) await hub.access.requests.upload(rita, submitted, { kind, filename: `${kind}.pdf`, mediaType: 'application/pdf', bytes: Buffer.from(SECRET_BYTES) });
  await hub.access.requests.event(rita, submitted, { event: 'SUBMIT' });
  assert.equal((await hub.access.notifications.flush()).failed, 1, 'no SMTP server: the mail stays in the outbox');
  const mails = await startSmtp(t, smtpPort);
  assert.deepEqual((await hub.access.timers.tick()).mail, { sent: 1, failed: 0 }, 'the timers retry it');
  assert.deepEqual(mails[0]!.to, ['dac@hub.example']);
  assert.match(mails[0]!.raw, /Subject: OncoAtlas hub: access request/);
  assert.match(mails[0]!.raw, /waits for the access committee/);

  // A draft nobody finishes.
  const draft = (await hub.access.requests.create(rita, { resources: [{ node, dataset: 'uuid-1', name: 'CT' }] })).request.id;
  await hub.access.requests.saveForm(rita, draft, { contact: { email: 'rita@research.example' } });
  assert.deepEqual(await hub.access.timers.tick(), { reminded: 0, closed: 0, mail: { sent: 0, failed: 0 }, statements: 0 });

  clock.now += 31 * DAY;
  let tick = await hub.access.timers.tick();
  assert.equal(tick.reminded, 2, 'the draft\'s researcher and, for the submitted request, the committee');
  assert.equal((await hub.access.timers.tick()).reminded, 0, 'once per idle spell');
  const reminder = mails.find((m) => m.to.includes('rita@research.example'));
  assert.ok(reminder, 'the researcher is e-mailed at the address of the form');
  assert.match(reminder.raw.replace(/=\r?\n/g, ''), /no activity for 31 days/);
  assert.equal((await hub.access.requests.view(rita, draft)).request.state, 'DRAFT');

  clock.now += 30 * DAY;
  tick = await hub.access.timers.tick();
  assert.equal(tick.closed, 1);
  const closed = await hub.access.requests.view(rita, draft);
  assert.equal(closed.request.state, 'ABANDONED');
  assert.deepEqual(closed.history.map((h) => [h.event, h.role]), [['ABANDON', 'system']]);
  const messages = (await hub.access.messages.list(rita, draft)).messages;
  assert.equal(messages.length, 1);
  assert.match(messages[0]!.text, /closed after 61 days without activity/);
  assert.equal((await hub.access.requests.view(committee, submitted)).request.state, 'SUBMITTED', 'a submitted request waits for the committee: never closed');
  assert.ok((await hub.access.notifications.list(rita)).notifications.some((n) => /closed after 61 days/.test(n.text)));
  assert.ok(mails.length >= 3);
  for (const m of mails) assert.ok(!m.raw.includes('7f3a-unique-bytes') && !m.raw.includes('%PDF'), 'no document bytes by e-mail');
});

test('searchability: an approved member without an approved onboarding is not searched, unless the hub does not require onboarding', async (t) => {
  const clock = { now: Date.now() };
  const governed = await openHub(t, { clock });
  assert.deepEqual(await governed.hub.searchableNodes(), []);
  await assert.rejects(governed.hub.access.searchTargets(), (e) => isOncoAtlasError(e, 'ONBOARDING_NOT_APPROVED'));
  await assert.rejects(governed.hub.access.requests.create(rita, { resources: [{ node: governed.node, dataset: 'u', name: 'n' }] }), (e) => isOncoAtlasError(e, 'ONBOARDING_NOT_APPROVED'));
  const open = await openHub(t, { clock, requireOnboarding: false });
  assert.deepEqual(await open.hub.access.searchTargets(), [open.node]);
});

test('a node that did not take its onboarding statement (offline past the task\'s life) is sent it again by the timers, until it answers', async (t) => {
  const clock = { now: Date.now() };
  const { hub, node } = await openHub(t, { clock });
  const holder = { actor: 'hana @ urn:test', roles: ['steward'] };
  await hub.access.onboarding.create(holder, { node, path: 'federated', organisation: 'Hospital A', contact: { name: 'Hana', email: 'hana@a.example' } });
  const statements = async () => (await hub.store.db.selectFrom('hub_tasks').select(['id', 'status']).where('type', '=', 'access-onboarding').execute());
  assert.equal((await statements()).length, 0, 'a new draft sends nothing by itself');
  assert.equal((await hub.access.timers.tick()).statements, 1, 'never sent: the timers send it');
  assert.equal((await hub.access.timers.tick()).statements, 0, 'it still lives: not sent twice');
  clock.now += 11 * 60_000;
  assert.equal((await hub.access.timers.tick()).statements, 1, 'expired unanswered: sent again');
  const [task] = await hub.broker.takeTasks(node, 0);
  assert.ok(task, 'the node takes the new statement');
  const id = (JSON.parse(Buffer.from(task.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string }).jti;
  await hub.broker.reply(node, id, { status: 'succeeded', body: { stored: 0 } });
  clock.now += 11 * 60_000;
  assert.equal((await hub.access.timers.tick()).statements, 0, 'taken: nothing more to send');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { APPLICATION_FORM_SCHEMA, FORM_SECTIONS, maxWordsPattern } from './application-schema.ts';
import { validateApplication } from './application-form.ts';
import { SAMPLE_APPLICATION } from './sample-application.ts';

type Form = Record<string, Record<string, unknown>>;
const sample = (): Form => structuredClone(SAMPLE_APPLICATION) as unknown as Form;
const withField = (section: string, field: string, value: unknown): Form => {
  const f = sample();
  f[section] = { ...f[section], [field]: value };
  return f;
};
const words = (n: number) => Array.from({ length: n }, (_, i) => `w${i}`).join(' ');

test('the schema is one 2020-12 document with the six sections, and the sample is complete', () => {
  assert.equal(APPLICATION_FORM_SCHEMA.$id, 'https://oncoatlas.eu/schemas/access-application-1.json');
  assert.deepEqual(Object.keys(APPLICATION_FORM_SCHEMA.properties), FORM_SECTIONS.map((s) => s.id));
  assert.deepEqual(FORM_SECTIONS.map((s) => s.id), ['summary', 'contact', 'scientific', 'ethicalLegal', 'consent', 'overview']);
  // Standard keywords only: a strict validator without our code accepts it (the browser compiles the same document).
  assert.doesNotThrow(() => new Ajv2020({ strict: true, validateFormats: false }).compile(APPLICATION_FORM_SCHEMA));
  assert.deepEqual(validateApplication(SAMPLE_APPLICATION, { complete: true }), []);
  assert.deepEqual(validateApplication(SAMPLE_APPLICATION, { complete: false }), []);
});

test('a draft may miss answers (absent, empty, unticked) but not have wrong types or unknown fields', () => {
  assert.deepEqual(validateApplication({}, { complete: false }), []);
  assert.deepEqual(validateApplication({ contact: { email: '', phone: '' }, ethicalLegal: { mdr: '', gdprEvidence: [], confidentiality: false } }, { complete: false }), []);
  assert.deepEqual(validateApplication({ summary: { title: 42 }, overview: { confirm: 'yes' }, extra: {} }, { complete: false }), [
    { path: '/extra', message: 'extra: is not a field of this form' },
    { path: '/summary/title', message: 'Request summary › Request title: must be a text' },
    { path: '/overview/confirm', message: 'Overview › Confirmation: must be ticked or not (true or false)' },
  ]);
  assert.deepEqual(validateApplication([], { complete: false }), [{ path: '', message: 'The form: must be a group of fields' }]);
});

test('a complete form needs every answer, each named by its pointer', () => {
  const f = sample();
  delete f.contact!.email;
  f.summary!.title = '';
  delete f.consent;
  assert.deepEqual(validateApplication(f, { complete: true }), [
    { path: '/consent', message: 'Consent to processing: is required' },
    { path: '/summary/title', message: 'Request summary › Request title: is required' },
    { path: '/contact/email', message: 'Contact details › E-mail: is required' },
  ]);
  for (const [section, field] of [['ethicalLegal', 'agreementsCommitment'], ['ethicalLegal', 'confidentiality'], ['consent', 'processingOfApplicantData'], ['overview', 'confirm']] as const) {
    const problems = validateApplication(withField(section, field, false), { complete: true });
    assert.equal(problems.length, 1);
    assert.equal(problems[0]!.path, `/${section}/${field}`);
    assert.match(problems[0]!.message, /: must be accepted$/);
  }
});

test('each limit gives a readable problem at the right pointer, in drafts too', () => {
  const cases: [Form, string, string][] = [
    [withField('scientific', 'description', words(601)), '/scientific/description', 'Scientific relevance › Description: at most 600 words'],
    [withField('scientific', 'intendedUse', words(601)), '/scientific/intendedUse', 'Scientific relevance › Intended use and AI algorithms: at most 600 words'],
    [withField('summary', 'summary', words(201)), '/summary/summary', 'Request summary › Summary: at most 200 words'],
    [withField('scientific', 'timeline', { start: '2026-01-01', months: 25 }), '/scientific/timeline/months', 'Scientific relevance › Timeline › Duration in months: at most 24'],
    [withField('scientific', 'timeline', { start: '2026-13-01', months: 12 }), '/scientific/timeline/start', 'Scientific relevance › Timeline › Start: must be a date (YYYY-MM-DD)'],
    [withField('scientific', 'processingPeriod', { start: '2026-06-01', end: '2026-01-01' }), '/scientific/processingPeriod/end', 'Scientific relevance › Processing period › Until: is before its start'],
    [withField('summary', 'title', 'x'.repeat(201)), '/summary/title', 'Request summary › Request title: at most 200 characters'],
    [withField('contact', 'email', 'not-an-address'), '/contact/email', 'Contact details › E-mail: must be an e-mail address'],
    [withField('contact', 'phone', '600 000 000'), '/contact/phone', 'Contact details › Phone (with country code): does not have the expected form (with its country code, e.g. +34 600 000 000)'],
    [withField('ethicalLegal', 'ethicsApproval', 'maybe'), '/ethicalLegal/ethicsApproval', 'Ethical and legal › Ethics approval: must be one of: Approved: certificate available, Applied for, None, Not required'],
    [withField('ethicalLegal', 'gdprEvidence', ['dpo-statement', 'dpo-statement']), '/ethicalLegal/gdprEvidence', 'Ethical and legal › Evidence of GDPR compliance: lists the same choice twice'],
    [withField('ethicalLegal', 'gdprEvidence', ['dpo-statement', 'a-letter']), '/ethicalLegal/gdprEvidence/1', 'Ethical and legal › Evidence of GDPR compliance › item 2: must be one of: Statement of the Data Protection Officer, DPIA or audit, Codes of conduct'],
    [withField('ethicalLegal', 'altai', 'yes'), '/ethicalLegal/altai', 'Ethical and legal › AI risk analysis (ALTAI): must be one of: Available, In progress, No, Not applicable'],
  ];
  for (const [form, path, message] of cases) {
    for (const complete of [true, false]) assert.deepEqual(validateApplication(form, { complete }), [{ path, message }], `${path} (complete: ${complete})`);
  }
  // Exactly at the limits is fine; 600 words in many lines and spaces too.
  assert.deepEqual(validateApplication(withField('scientific', 'description', ` ${words(600).replace(/ /g, '\n  ')}\n`), { complete: true }), []);
  assert.deepEqual(validateApplication(withField('scientific', 'timeline', { start: '2026-01-01', months: 24 }), { complete: true }), []);
  assert.deepEqual(validateApplication(withField('contact', 'phone', '+351912345678'), { complete: true }), []);
});

test('the word-limit pattern counts words, not characters, and is linear', () => {
  const re = new RegExp(maxWordsPattern(3), 'u');
  for (const ok of ['', 'one', ' one two  three ', 'a\tb\nc']) assert.ok(re.test(ok), ok);
  for (const bad of ['a b c d', ' a b c d ']) assert.ok(!re.test(bad), bad);
  const big = new RegExp(maxWordsPattern(600), 'u');
  const t = performance.now();
  assert.ok(!big.test(`${'word '.repeat(5000)}x`));
  assert.ok(performance.now() - t < 200);
});

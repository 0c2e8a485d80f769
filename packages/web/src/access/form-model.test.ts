import assert from 'node:assert/strict';
import { test } from 'node:test';
import { APPLICATION_FORM_SCHEMA, FORM_SECTIONS, SAMPLE_APPLICATION, validateApplication } from '@oncoatlas/access';
import { fieldId, fieldValue, getIn, placeProblems, sectionsOf, setIn, splitSchemaAnswer, withGroups, type FieldSpec } from './form-model.ts';
import { formValidator } from './form-validate.ts';

// What GET /hub/api/access/form-schema answers: the schema with the sections beside its keywords.
const answer = JSON.parse(JSON.stringify({ ...APPLICATION_FORM_SCHEMA, sections: FORM_SECTIONS })) as Record<string, unknown>;
const { schema, sections } = splitSchemaAnswer(answer);
const model = sectionsOf(schema, sections);
const fields = model.flatMap((s) => s.fields);
const field = (path: string): FieldSpec => fields.find((f) => f.path === path) ?? assert.fail(`no field ${path}`);
const validate = formValidator(schema);

test('the served schema becomes the six sections, with a field per answer and the right control', () => {
  assert.equal(schema.sections, undefined, 'the sections are not a schema keyword for ajv');
  assert.deepEqual(model.map((s) => s.title), ['Request summary', 'Contact details', 'Scientific relevance', 'Ethical and legal', 'Consent to processing', 'Overview']);
  assert.equal(field('/contact/email').kind, 'email');
  assert.ok(field('/contact/email').required);
  assert.equal(field('/scientific/description').kind, 'textarea');
  assert.equal(field('/scientific/timeline/start').kind, 'date');
  assert.equal(field('/scientific/timeline/start').label, 'Timeline: Start');
  assert.equal(field('/scientific/timeline/months').kind, 'number');
  assert.equal(field('/ethicalLegal/ethicsApproval').kind, 'select');
  assert.equal(field('/ethicalLegal/ethicsApproval').options[0]?.label, 'Approved: certificate available');
  assert.equal(field('/ethicalLegal/gdprEvidence').kind, 'multi');
  assert.equal(field('/ethicalLegal/gdprEvidence').options.length, 3);
  assert.equal(field('/consent/processingOfApplicantData').kind, 'checkbox');
  assert.ok(field('/consent/processingOfApplicantData').mustBeTrue);
  assert.ok(!field('/scientific/comments').required);
  assert.equal(new Set(fields.map((f) => fieldId(f.path))).size, fields.length, 'every input has its own id');
});

test('a { schema, sections } answer reads the same, and a bare schema gets the default sections', () => {
  assert.deepEqual(splitSchemaAnswer({ schema: APPLICATION_FORM_SCHEMA, sections: FORM_SECTIONS }).sections.map((s) => s.id), FORM_SECTIONS.map((s) => s.id));
  assert.deepEqual(splitSchemaAnswer(APPLICATION_FORM_SCHEMA).sections.map((s) => s.id), FORM_SECTIONS.map((s) => s.id));
});

test('values are set and read by pointer; an emptied answer is removed, with its empty group', () => {
  let form = setIn({}, '/scientific/timeline/months', 12);
  form = setIn(form, '/contact/email', 'a@b.example');
  assert.equal(getIn(form, '/scientific/timeline/months'), 12);
  form = setIn(form, '/scientific/timeline/months', undefined);
  assert.deepEqual(form, { contact: { email: 'a@b.example' } });
  assert.equal(fieldValue(field('/contact/email'), ''), undefined);
  assert.equal(fieldValue(field('/consent/processingOfApplicantData'), false), undefined, 'an unticked must-tick box is no answer');
  assert.equal(fieldValue(field('/consent/processingOfApplicantData'), true), true);
  assert.equal(fieldValue(field('/ethicalLegal/gdprEvidence'), []), undefined);
  assert.deepEqual(withGroups(schema, {}).scientific, { timeline: {}, processingPeriod: {} });
});

test('the browser agrees with the hub: the sample passes, and problems fall on the same fields', () => {
  assert.deepEqual(validate(SAMPLE_APPLICATION, { complete: true }), []);
  assert.deepEqual(validateApplication(SAMPLE_APPLICATION, { complete: true }), []);
  const wrong = setIn(setIn(JSON.parse(JSON.stringify(SAMPLE_APPLICATION)) as Record<string, unknown>, '/contact/email', 'not-an-address'),
    '/scientific/description', 'word '.repeat(601));
  const browser = validate(wrong, { complete: false });
  const hub = validateApplication(wrong, { complete: false });
  assert.deepEqual(browser.map((p) => p.path).sort(), hub.map((p) => p.path).sort());
  assert.deepEqual(browser.map((p) => p.message).sort(), ['At most 600 words.', 'Enter a valid e-mail address.']);
});

test('a draft is not blamed for what it lacks; a submission names each missing answer at its field', () => {
  assert.deepEqual(validate({}, { complete: false }), []);
  assert.deepEqual(validate({ contact: { email: 'x@y.example' } }, { complete: false }), []);
  const missing = validate({}, { complete: true });
  const placed = placeProblems(missing, fields);
  for (const f of fields.filter((x) => x.required)) assert.deepEqual(placed.byField.get(f.path), ['This field is required.'], f.path);
  assert.equal(placed.byField.get('/scientific/comments'), undefined);
  assert.deepEqual(placed.other, []);
  // The hub's problems land beside the same fields; a section it finds missing as a whole stays with that section.
  assert.ok(placeProblems(validateApplication({ contact: {} }, { complete: true }), fields).byField.has('/contact/email'));
  assert.ok(placeProblems(validateApplication({}, { complete: true }), fields).other.some((p) => p.section === 'contact'));
});

test('problems about an item of a list go to the list, unknown ones stay with their section', () => {
  const placed = placeProblems([
    { path: '/ethicalLegal/gdprEvidence/1', message: 'Choose one of the options.' },
    { path: '/summary', message: 'Section problem.' },
    { path: '', message: 'Form problem.' },
  ], fields);
  assert.deepEqual(placed.byField.get('/ethicalLegal/gdprEvidence'), ['Choose one of the options.']);
  assert.deepEqual(placed.other.map((p) => p.section), ['summary', '']);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { focusAuthorized, registerFocusRoutes, type FocusOptions } from './focus-routes.ts';
import { problemOf, sendProblem } from './problem-details.ts';

async function focusApp(o: FocusOptions | undefined) {
  const app = Fastify();
  app.setErrorHandler((err, _request, reply) => void sendProblem(reply, problemOf(err)));
  await app.register((api) => registerFocusRoutes(api, o), { prefix: '/api' });
  return app;
}

test('the Focus route: disabled without a token, 401 for a wrong one before the body is read, the answerer\'s answer otherwise', async () => {
  const post = (app: Awaited<ReturnType<typeof focusApp>>, authorization?: string, payload: unknown = { ast: { operand: 'OR', children: [] }, id: 'q' }) =>
    app.inject({ method: 'POST', url: '/api/federation/focus', headers: authorization ? { authorization } : {}, payload: payload as object });
  const asked: unknown[] = [];
  const answer = async (r: unknown) => { asked.push(r); return { collections: [], total: { studies_count: 0, subjects_count: 0 } }; };
  const disabled = await focusApp({ answer });
  assert.equal((await post(disabled, 'Bearer x')).json().code, 'FEDERATION_FOCUS_DISABLED');
  assert.equal((await post(disabled)).statusCode, 404);
  const open = await focusApp({ token: 'a-long-enough-focus-token', answer });
  const wrong = await post(open, 'Bearer nope', 'not json at all');
  assert.deepEqual([wrong.statusCode, wrong.json().code], [401, 'FEDERATION_UNAUTHORIZED']);
  for (const header of ['Bearer a-long-enough-focus-token', 'Secret a-long-enough-focus-token', 'a-long-enough-focus-token']) {
    assert.equal((await post(open, header)).statusCode, 200, header);
  }
  // Lens's open-ended range is read as Spot reads it.
  await post(open, 'Bearer a-long-enough-focus-token', { ast: { operand: 'OR', children: [{ key: 'age_at_diagnosis', type: 'BETWEEN', value: { min: 50 } }] } });
  assert.deepEqual((asked.at(-1) as { ast: { children: { value: unknown }[] } }).ast.children[0]!.value, { min: 50, max: Number.MAX_SAFE_INTEGER });
  assert.equal(focusAuthorized(undefined, 'x'), false);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import pg from 'pg';
import { startSignedInApp, type SignedInApp } from '../helpers/app.ts';

// Every argument of every root field, and every field of their input objects (recursively), gets
// bad values by type, sent as variables by a signed-in superuser. The cases come from
// schema.graphql as it is when the test runs, so new arguments are covered without editing this.

const here = path.dirname(fileURLToPath(import.meta.url));
const sdl = readFileSync(path.resolve(here, '../../schema.graphql'), 'utf8');
const schema: GraphQLSchema = buildSchema(sdl);

const INT_MAX = 2147483647;
const HUGE_TEXT = 'x'.repeat(100 * 1024);
const b64 = (s: string) => Buffer.from(s).toString('base64');
const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

/**
 * Failed sign-ins are recorded by design (SPEC.md §2); sessions and tokens note their last use;
 * the worker writes its heartbeat every 10 s, which a run longer than that always crosses.
 */
const TABLES_THAT_MAY_CHANGE = new Set(['login_failure', 'session', 'api_token', 'worker_process']);
/** Refused operations are audited by design (result `failure`); anything else there is a change. */
const ROWS_THAT_MAY_APPEAR: Record<string, string> = { audit_event: `WHERE t.result <> 'failure'` };

interface Known {
  instanceId: string;
  userId: string;
}

type Bad = { label: string; value: unknown };

function badValuesFor(type: GraphQLInputType, known: Known): Bad[] {
  const out: Bad[] = [];
  if (isNonNullType(type)) out.push({ label: 'null for a non-null', value: null });
  const inner = getNullableType(type);
  if (isListType(inner)) {
    out.push({ label: 'an object for a list', value: { not: 'a list' } });
    out.push({ label: 'a list holding null', value: [null] });
    for (const item of badValuesFor(inner.ofType as GraphQLInputType, known))
      if (item.value !== null) out.push({ label: `a list of ${item.label}`, value: [item.value] });
    return out;
  }
  if (isInputObjectType(inner)) {
    out.push({ label: 'a string for an object', value: 'not an object' });
    out.push({ label: 'an unknown field', value: { ...validInput(inner, known), unknownFieldForTest: 1 } });
    if (Object.values(inner.getFields()).some((f) => isNonNullType(f.type))) out.push({ label: 'an empty object', value: {} });
    return out;
  }
  if (isEnumType(inner)) {
    out.push({ label: 'an unknown enum value', value: 'NOT_A_VALUE' });
    out.push({ label: 'an enum value in lower case', value: inner.getValues()[0].name.toLowerCase() });
    out.push({ label: 'a number for an enum', value: 1 });
    return out;
  }
  if (isScalarType(inner)) {
    switch (inner.name) {
      case 'Int':
        return out.concat([
          { label: 'a string for an Int', value: '1' },
          { label: 'a float for an Int', value: 1.5 },
          { label: 'an Int beyond 32 bits', value: 2 ** 31 },
          { label: 'a negative Int', value: -1 },
          { label: 'the smallest Int', value: -INT_MAX - 1 },
          { label: 'the largest Int', value: INT_MAX },
        ]);
      case 'Float':
        return out.concat([
          { label: 'a string for a Float', value: '1.5' },
          { label: 'a negative Float', value: -1e308 },
        ]);
      case 'Boolean':
        return out.concat([
          { label: 'a string for a Boolean', value: 'true' },
          { label: 'a number for a Boolean', value: 1 },
        ]);
      case 'ID':
        return out.concat([
          { label: 'an empty id', value: '' },
          { label: 'a malformed id', value: 'not a global id' },
          { label: 'a number as id', value: 12345 },
          { label: 'an id with a bad uuid', value: b64('Instance:not-a-uuid') },
          { label: 'an id of an unknown type', value: b64(`Spaceship:${UNKNOWN_UUID}`) },
          { label: 'a foreign id (a user)', value: known.userId },
          { label: 'an unknown id', value: b64(`Instance:${UNKNOWN_UUID}`) },
          { label: 'an id with NUL', value: b64(`Instance:${UNKNOWN_UUID}`) + '\u0000' },
          { label: 'an object for an id', value: { id: 1 } },
        ]);
      case 'String':
        return out.concat(textValues(), [
          { label: 'a number for a String', value: 123 },
          { label: 'an object for a String', value: { a: 1 } },
        ]);
      default:
        // Custom scalars (DateTime, JSON…): malformed text and the wrong kinds of value.
        return out.concat(textValues(), [
          { label: `a list for ${inner.name}`, value: [1, 2] },
          { label: `an object for ${inner.name}`, value: { a: 1 } },
        ]);
    }
  }
  return out;
}

/** Where the schema says that a blank clears a value (an update's patch), a blank is not bad input. */
function withoutDocumentedBlanks(values: Bad[], description: string | null | undefined): Bad[] {
  return /\bblank clears\b/i.test(description ?? '') ? values.filter((v) => v.value !== '') : values;
}

function textValues(): Bad[] {
  return [
    { label: 'an empty string', value: '' },
    { label: 'a 100 KB string', value: HUGE_TEXT },
    { label: 'a string with NUL', value: 'bad\u0000value' },
    { label: 'a lone surrogate', value: 'bad\ud800value' },
  ];
}

/** A plausible valid value, so that each case has exactly one bad value in it. */
function validValue(type: GraphQLInputType, name: string, known: Known): unknown {
  const inner = getNullableType(type);
  if (isListType(inner)) return [validValue(inner.ofType as GraphQLInputType, name, known)];
  if (isInputObjectType(inner)) return validInput(inner, known);
  if (isEnumType(inner)) return inner.getValues()[0].name;
  switch ((inner as { name: string }).name) {
    case 'Int':
      return 1;
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    case 'ID':
      return known.instanceId;
    case 'DateTime':
      return new Date(Date.now() + 86_400_000).toISOString();
  }
  if (/email/i.test(name)) return 'probe@example.com';
  if (/url|repo/i.test(name)) return 'https://github.com/openedx/configuration.git';
  if (/subdomain/i.test(name)) return 'badinput-probe';
  if (/domain/i.test(name)) return 'badinput-probe.example.com';
  if (/release|version|ref|commit|branch/i.test(name)) return 'master';
  if (/password/i.test(name)) return 'Wrong-pass1';
  if (/username/i.test(name)) return 'nobody';
  if (/afterid|cursor|after|before/i.test(name)) return null;
  return 'Bad input probe';
}

function validInput(type: ReturnType<typeof getNullableType> & { getFields(): Record<string, GraphQLInputField> }, known: Known): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of Object.values(type.getFields())) {
    if (isNonNullType(field.type)) out[field.name] = validValue(field.type, field.name, known);
  }
  return out;
}

interface Case {
  operation: 'query' | 'mutation' | 'subscription';
  field: string;
  where: string;
  label: string;
  query: string;
  variables: Record<string, unknown>;
}

function typeString(type: GraphQLInputType): string {
  return String(type);
}

function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (isUnionType(named)) {
    const withError = named.getTypes().some((t) => t.getInterfaces().some((i) => i.name === 'Error'));
    return withError ? '{ __typename ... on Error { message } }' : '{ __typename }';
  }
  if (isObjectType(named) || isInterfaceType(named)) return '{ __typename }';
  return '';
}

/** Every bad value of one argument (or of one field inside it), the others valid. */
function casesFor(operation: Case['operation'], field: GraphQLField<unknown, unknown>, known: Known): Case[] {
  // For the fields that take a user's id, the foreign id is an instance's.
  if (/User$/.test(field.name)) known = { ...known, userId: known.instanceId };
  const cases: Case[] = [];
  const declared = field.args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
  const passed = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const query = `${operation} BadInput${declared ? `(${declared})` : ''} { ${field.name}${passed ? `(${passed})` : ''} ${selectionFor(field)} }`;
  const base = (): Record<string, unknown> => {
    const vars: Record<string, unknown> = {};
    for (const a of field.args) if (isNonNullType(a.type)) vars[a.name] = validValue(a.type, a.name, known);
    return vars;
  };
  const add = (where: string, label: string, variables: Record<string, unknown>) =>
    cases.push({ operation, field: field.name, where, label, query, variables });

  function inputCases(arg: GraphQLArgument, type: GraphQLInputType, pathToHere: { name: string; type: GraphQLInputType }[], depth: number) {
    const inner = getNullableType(type);
    if (!isInputObjectType(inner) || depth > 3) return;
    for (const f of Object.values(inner.getFields())) {
      for (const bad of withoutDocumentedBlanks(badValuesFor(f.type, known), f.description)) {
        const vars = base();
        const root = structuredClone(
          (vars[arg.name] as Record<string, unknown> | undefined) ?? (validValue(arg.type, arg.name, known) as Record<string, unknown>),
        );
        vars[arg.name] = root;
        let target = root;
        for (const step of pathToHere) target = (target[step.name] ??= validValue(step.type, step.name, known)) as Record<string, unknown>;
        target[f.name] = bad.value;
        add(`${field.name}(${arg.name}.${[...pathToHere.map((p) => p.name), f.name].join('.')})`, bad.label, vars);
      }
      inputCases(arg, f.type, [...pathToHere, { name: f.name, type: f.type }], depth + 1);
    }
  }

  for (const arg of field.args) {
    for (const bad of withoutDocumentedBlanks(badValuesFor(arg.type, known), arg.description))
      add(`${field.name}(${arg.name})`, bad.label, { ...base(), [arg.name]: bad.value });
    inputCases(arg, arg.type, [], 0);
  }
  return cases;
}

function allCases(known: Known): Case[] {
  const roots: [Case['operation'], GraphQLObjectType | null | undefined][] = [
    ['query', schema.getQueryType()],
    ['mutation', schema.getMutationType()],
    ['subscription', schema.getSubscriptionType()],
  ];
  return roots.flatMap(([operation, type]) => (type ? Object.values(type.getFields()).flatMap((f) => casesFor(operation, f, known)) : []));
}

interface Answer {
  status: number;
  body: { data?: Record<string, any> | null; errors?: { message: string; extensions?: { code?: string } }[] } | null;
  /** A subscription that was accepted and kept open (no refusal within the wait). */
  streaming?: boolean;
}

let signedIn: SignedInApp;
let db: pg.Client;
let token: string;
let known: Known;
let ws: Client;

async function overHttp(c: Case): Promise<Answer> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 5_000);
  try {
    const res = await fetch(`${signedIn.app.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        accept: c.operation === 'subscription' ? 'text/event-stream' : 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query: c.query, variables: c.variables }),
      signal: controller.signal,
    });
    if (c.operation !== 'subscription' || !(res.headers.get('content-type') ?? '').includes('event-stream')) {
      const text = await res.text();
      let body: Answer['body'] = null;
      try {
        body = JSON.parse(text);
      } catch {
        /* reported as a bad answer */
      }
      return { status: res.status, body };
    }
    // Server-sent events: the first `next` event, or the end of the stream.
    const reader = res.body!.getReader();
    let text = '';
    for (;;) {
      const data = /event: next\ndata: (.*)\n/.exec(text)?.[1];
      if (data) {
        controller.abort();
        return { status: res.status, body: JSON.parse(data) };
      }
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return { status: res.status, body: null, streaming: controller.signal.aborted };
      text += new TextDecoder().decode(value);
    }
  } catch (e) {
    if (controller.signal.aborted) return { status: 200, body: null, streaming: true };
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

function overWebSocket(c: Case): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let first: Answer['body'] = null;
    const timer = setTimeout(() => {
      stop();
      resolve({ status: 200, body: first, streaming: first === null });
    }, 5_000);
    const stop = ws.subscribe(
      { query: c.query, variables: c.variables },
      {
        next: (msg) => {
          first = msg as Answer['body'];
          if (c.operation === 'subscription') {
            clearTimeout(timer);
            stop();
            resolve({ status: 200, body: first });
          }
        },
        error: (e) => {
          clearTimeout(timer);
          if (Array.isArray(e)) resolve({ status: 200, body: { errors: e } });
          else reject(e instanceof Error ? e : new Error(`socket closed: ${JSON.stringify(e)}`));
        },
        complete: () => {
          clearTimeout(timer);
          resolve({ status: 200, body: first });
        },
      },
    );
  });
}

/** What is wrong with an answer to a bad value, or null when it is a proper refusal. */
function problemWith(c: Case, answer: Answer): string | null {
  if (answer.status >= 500) return `HTTP ${answer.status}`;
  if (answer.streaming) return 'the subscription was accepted and kept open';
  const body = answer.body;
  if (!body) return 'no JSON answer';
  const errors = body.errors ?? [];
  if (errors.some((e) => e.message === 'Unexpected error.')) return '"Unexpected error."';
  const uncoded = errors.find((e) => !e.message || !e.extensions?.code);
  if (uncoded) return `an error without a code: ${JSON.stringify(uncoded).slice(0, 200)}`;
  if (errors.length) return null;
  const value = body.data?.[c.field];
  if (c.operation === 'query') return null; // reads may answer, e.g. null for an unknown id
  const typename = (value as { __typename?: string } | null)?.__typename;
  if (typename && !typename.endsWith('Success')) return null; // a typed error member
  return `accepted: ${JSON.stringify(body.data).slice(0, 200)}`;
}

async function snapshot(): Promise<Record<string, string>> {
  const tables = await db.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1`);
  const out: Record<string, string> = {};
  for (const { table_name: name } of tables.rows) {
    if (TABLES_THAT_MAY_CHANGE.has(name)) continue;
    const row = (
      await db.query(
        `SELECT count(*)::int AS n, coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS h FROM "${name}" t ${ROWS_THAT_MAY_APPEAR[name] ?? ''}`,
      )
    ).rows[0];
    out[name] = `${row.n} ${row.h}`;
  }
  // Scheduled queues (the sweeper, the reconcile) get their cron jobs whatever the requests do.
  const jobs = await db
    .query(`SELECT count(*)::int AS n FROM pgboss.job WHERE name NOT IN (SELECT name FROM pgboss.schedule)`)
    .catch(() => ({ rows: [{ n: 'no pgboss' }] }));
  out['pgboss.job'] = String(jobs.rows[0].n);
  return out;
}

beforeAll(async () => {
  signedIn = await startSignedInApp();
  db = signedIn.db;
  token = await signedIn.app.createToken('admin');
  const created = await signedIn.api.request(
    `mutation { createInstance(input: {name: "Target", subDomain: "badinput-target"}) { ... on MutationCreateInstanceSuccess { data { id } } } }`,
  );
  known = { instanceId: created.data.createInstance.data.id, userId: (await signedIn.api.request('{ viewer { id } }')).data.viewer.id };
  await db.query(`INSERT INTO log_entry (level, text, "instanceId") VALUES ('INFO', 'a stored line', $1)`, [
    Buffer.from(known.instanceId, 'base64').toString().split(':')[1],
  ]);
  ws = createClient({
    url: signedIn.app.url.replace(/^http/, 'ws') + '/graphql',
    webSocketImpl: WebSocket,
    connectionParams: { token },
    lazy: true,
    retryAttempts: 0,
  });
});

afterAll(async () => {
  await ws?.dispose();
  await signedIn?.close();
});

describe('bad input, enumerated from schema.graphql', () => {
  it('refuses every bad value of every argument with a coded error or a typed error, over HTTP and WebSocket, changing nothing', async () => {
    const cases = allCases(known);
    expect(cases.length).toBeGreaterThanOrEqual(200);
    const fields = new Set(cases.map((c) => c.field));
    // Every root field with arguments contributes cases.
    for (const type of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
      for (const f of Object.values(type?.getFields() ?? {})) if (f.args.length) expect(fields.has(f.name), f.name).toBe(true);
    }
    const before = await snapshot();
    const failures: string[] = [];
    for (const [i, c] of cases.entries()) {
      const http = await overHttp(c);
      const problem = problemWith(c, http);
      if (problem) failures.push(`HTTP ${c.where} with ${c.label}: ${problem}`);
      // A sample over the WebSocket: every subscription case, and every fifth of the others.
      if (c.operation === 'subscription' || i % 5 === 0) {
        const socket = await overWebSocket(c);
        const wsProblem = problemWith(c, socket);
        if (wsProblem) failures.push(`WS ${c.where} with ${c.label}: ${wsProblem}`);
      }
    }
    expect(failures, `${failures.length} of ${cases.length} cases`).toEqual([]);
    expect(await snapshot()).toEqual(before);
  }, 600_000);
});

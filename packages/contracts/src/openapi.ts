import { z } from 'zod';
import { PROBLEM_CONTENT_TYPE, Problem } from './problem';

export interface HeaderSpec {
  description: string;
  schema: z.ZodType;
  /** Sent on every such response (response headers), or needed by the route (request headers). */
  required?: boolean;
}

export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** The body's media type when it is not JSON. */
  mediaType?: string;
  headers?: Record<string, HeaderSpec>;
}

export interface OperationSpec {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  /** One schema per `{name}` in `path`: a path whose names differ is refused. */
  params?: z.ZodObject;
  /** The query string the route parses. */
  query?: z.ZodObject;
  /** Request headers the route reads (If-Match, Idempotency-Key). */
  headers?: Record<string, HeaderSpec>;
  /** Request body schema; `bodyTypes` lists its media types (JSON by default). */
  body?: z.ZodType;
  bodyTypes?: string[];
  /** Success responses by status. */
  responses: Record<number, ResponseSpec>;
  /** `user`: a Bearer access token; `admin`: one with the admin role. */
  access?: 'public' | 'user' | 'admin';
  /**
   * Problems the route raises itself. Those of its body (400, 413, 415), its query (400), its
   * token (401, and 503 while auth's keys cannot be fetched) and its role (403) are added.
   */
  errors?: number[];
}

type JsonSchema = Record<string, unknown>;

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output'): JsonSchema => {
  const result: JsonSchema = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  // Each schema sits inside the document, whose dialect (OpenAPI 3.1) already says which one.
  delete result.$schema;
  return result;
};

/** `{id}` and `{topic}` in `/admin/dead-letters/{topic}/{id}/replay`. */
export const pathParameterNames = (path: string): string[] =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');

/** Whether a parameter may be left out: its schema accepts `undefined` (optional or defaulted). */
const isOptional = (schema: z.ZodType) => schema.safeParse(undefined).success;

function parameters(op: OperationSpec) {
  const names = pathParameterNames(op.path);
  const declared = Object.keys(op.params?.shape ?? {});
  if (names.join() !== declared.join()) {
    throw new Error(
      `${op.method.toUpperCase()} ${op.path}: path parameters [${names.join(', ')}] but params declare [${declared.join(', ')}]`,
    );
  }
  const from = (where: 'path' | 'query', object?: z.ZodObject) =>
    Object.entries<z.ZodType>(object?.shape ?? {}).map(([name, schema]) => ({
      name,
      in: where,
      required: where === 'path' || !isOptional(schema),
      schema: jsonSchema(schema, 'input'),
    }));
  const headers = Object.entries(op.headers ?? {}).map(([name, header]) => ({
    name,
    in: 'header',
    description: header.description,
    required: header.required ?? false,
    schema: jsonSchema(header.schema, 'input'),
  }));
  return [...from('path', op.params), ...from('query', op.query), ...headers];
}

function responseHeaders(headers?: Record<string, HeaderSpec>) {
  if (!headers) return undefined;
  return Object.fromEntries(
    Object.entries(headers).map(([name, header]) => [
      name,
      {
        description: header.description,
        required: header.required ?? false,
        schema: jsonSchema(header.schema, 'output'),
      },
    ]),
  );
}

const RETRY_AFTER: HeaderSpec = {
  description: 'Seconds to wait before trying again',
  schema: z.string().regex(/^\d+$/),
  required: true,
};

/** Headers every problem of this status carries. */
function problemHeaders(status: number, op: OperationSpec): Record<string, HeaderSpec> | undefined {
  if (status === 503 || status === 429) return { 'Retry-After': RETRY_AFTER };
  if (status === 401 && op.access !== undefined && op.access !== 'public') {
    return {
      'WWW-Authenticate': {
        description: 'The Bearer challenge',
        schema: z.string().startsWith('Bearer'),
        required: true,
      },
    };
  }
  return undefined;
}

/** The problems an operation can answer: its own, and those its body, query and access imply. */
export function errorStatuses(op: OperationSpec): number[] {
  const statuses = new Set(op.errors ?? []);
  const add = (...more: number[]) => more.forEach((status) => statuses.add(status));
  if (op.body) add(400, 413, 415);
  if (op.query) add(400);
  if (op.access === 'user' || op.access === 'admin') add(401, 503);
  if (op.access === 'admin') add(403);
  return [...statuses].sort((a, b) => a - b);
}

function operation(op: OperationSpec) {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(op.responses)) {
    responses[status] = {
      description: response.description,
      ...(response.headers && { headers: responseHeaders(response.headers) }),
      ...(response.schema && {
        content: {
          [response.mediaType ?? 'application/json']: {
            schema: jsonSchema(response.schema, 'output'),
          },
        },
      }),
    };
  }
  for (const status of errorStatuses(op)) {
    const headers = problemHeaders(status, op);
    responses[String(status)] = {
      description: 'A problem (RFC 9457)',
      ...(headers && { headers: responseHeaders(headers) }),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }
  const params = parameters(op);
  const body = op.body;
  return {
    summary: op.summary,
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    ...(op.access !== undefined && op.access !== 'public' && { security: [{ bearer: [] }] }),
    ...(params.length > 0 && { parameters: params }),
    ...(body && {
      requestBody: {
        required: true,
        content: Object.fromEntries(
          (op.bodyTypes ?? ['application/json']).map((type) => [
            type,
            { schema: jsonSchema(body, 'input') },
          ]),
        ),
      },
    }),
    responses,
  };
}

const Status = z.object({ status: z.string() });

/** What every service app answers besides its own routes (packages/platform). */
export const SERVICE_OPERATIONS: OperationSpec[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness: the process answers',
    responses: { 200: { description: 'Alive', schema: Status } },
  },
  {
    method: 'get',
    path: '/readyz',
    summary: 'Readiness: the Dapr sidecar and its components are up',
    responses: { 200: { description: 'Ready', schema: Status } },
    errors: [503],
  },
  {
    method: 'get',
    path: '/metrics',
    summary: 'Prometheus metrics',
    responses: {
      200: { description: 'Text exposition format', schema: z.string(), mediaType: 'text/plain' },
    },
  },
  {
    method: 'get',
    path: '/openapi.json',
    summary: 'This document',
    responses: {
      200: { description: 'OpenAPI 3.1', schema: z.record(z.string(), z.unknown()) },
    },
  },
  {
    method: 'get',
    path: '/docs',
    summary: 'A readable page of this document',
    responses: { 200: { description: 'HTML', schema: z.string(), mediaType: 'text/html' } },
  },
];

/**
 * An OpenAPI 3.1 document built from the same zod schemas that validate the requests, with
 * the routes every service shares.
 */
export function buildOpenApi(
  info: { title: string; version: string },
  operations: OperationSpec[],
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of [...operations, ...SERVICE_OPERATIONS]) {
    (paths[op.path] ??= {})[op.method] = operation(op);
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Problem: jsonSchema(Problem, 'output') },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

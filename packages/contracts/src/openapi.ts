import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponseObject,
  type oas31,
} from 'zod-openapi';
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

/** `{id}` and `{topic}` in `/admin/dead-letters/{topic}/{id}/replay`. */
export const pathParameterNames = (path: string): string[] =>
  [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] ?? '');

function assertPathParamsDeclared(op: OperationSpec) {
  const names = pathParameterNames(op.path);
  const declared = Object.keys(op.params?.shape ?? {});
  if (names.join() !== declared.join()) {
    throw new Error(
      `${op.method.toUpperCase()} ${op.path}: path parameters [${names.join(', ')}] but params declare [${declared.join(', ')}]`,
    );
  }
}

/** Headers as the object zod-openapi reads: a header not required is optional. */
function headerObject(headers: Record<string, HeaderSpec>, where: 'param' | 'header') {
  return z.object(
    Object.fromEntries(
      Object.entries(headers).map(([name, header]) => {
        const schema = header.required ? header.schema : header.schema.optional();
        return [name, schema.meta({ [where]: { description: header.description } })];
      }),
    ),
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

function responses(op: OperationSpec) {
  const answers: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, response] of Object.entries(op.responses)) {
    answers[status] = {
      description: response.description,
      ...(response.headers && { headers: headerObject(response.headers, 'header') }),
      ...(response.schema && {
        content: { [response.mediaType ?? 'application/json']: { schema: response.schema } },
      }),
    };
  }
  for (const status of errorStatuses(op)) {
    const headers = problemHeaders(status, op);
    answers[String(status)] = {
      description: 'A problem (RFC 9457)',
      ...(headers && { headers: headerObject(headers, 'header') }),
      content: { [PROBLEM_CONTENT_TYPE]: { schema: Problem } },
    };
  }
  return answers;
}

function operation(op: OperationSpec): ZodOpenApiOperationObject {
  assertPathParamsDeclared(op);
  const body = op.body;
  const requestParams = {
    ...(op.params && { path: op.params }),
    ...(op.query && { query: op.query }),
    ...(op.headers && { header: headerObject(op.headers, 'param') }),
  };
  return {
    summary: op.summary,
    operationId: `${op.method}${op.path.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c?: string) => (c ?? '').toUpperCase())}`,
    ...(op.access !== undefined && op.access !== 'public' && { security: [{ bearer: [] }] }),
    ...(Object.keys(requestParams).length > 0 && { requestParams }),
    ...(body && {
      requestBody: {
        required: true,
        content: Object.fromEntries(
          (op.bodyTypes ?? ['application/json']).map((type) => [type, { schema: body }]),
        ),
      },
    }),
    responses: responses(op),
  };
}

/** An OpenAPI 3.1 document whose paths and components are always there. */
export type OpenApiDocument = oas31.OpenAPIObject & {
  paths: oas31.PathsObject;
  components: oas31.ComponentsObject & {
    securitySchemes: Record<string, oas31.SecuritySchemeObject>;
  };
};

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
): OpenApiDocument {
  const paths: ZodOpenApiPathsObject = {};
  for (const op of [...operations, ...SERVICE_OPERATIONS]) {
    (paths[op.path] ??= {})[op.method] = operation(op);
  }
  const document = createDocument({
    openapi: '3.1.0',
    info,
    paths,
    components: {
      schemas: { Problem },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  });
  return document as OpenApiDocument;
}

import { z } from 'zod';
import { Problem } from './problem';

export interface OperationSpec {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  path: string;
  summary: string;
  /** Request body schema; `bodyTypes` lists its media types (JSON by default). */
  body?: z.ZodType;
  bodyTypes?: string[];
  /** Success responses by status; every operation also gets problem+json errors. */
  responses: Record<number, { description: string; schema?: z.ZodType }>;
  errors?: number[];
  requiresToken?: boolean;
}

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any' });

/** An OpenAPI 3.1 document built from the same zod schemas that validate the requests. */
export function buildOpenApi(
  info: { title: string; version: string },
  operations: OperationSpec[],
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(op.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema && {
          content: { 'application/json': { schema: jsonSchema(response.schema, 'output') } },
        }),
      };
    }
    for (const status of op.errors ?? []) {
      responses[String(status)] = {
        description: 'A problem (RFC 9457)',
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
        },
      };
    }
    const path = (paths[op.path] ??= {});
    const body = op.body;
    path[op.method] = {
      summary: op.summary,
      ...(op.requiresToken && { security: [{ bearer: [] }] }),
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

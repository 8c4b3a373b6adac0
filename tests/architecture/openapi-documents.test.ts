import { pathParameterNames } from '@todo-dapr/contracts';
import { methodsAt, offlineServiceDeps } from '@todo-dapr/platform';
import type { Express } from 'express';
import { createApp as createAuth } from '../../services/auth/src/app';
import { AuthConfig } from '../../services/auth/src/config';
import { authOpenApi } from '../../services/auth/src/http/openapi';
import { createApp as createSubscriber } from '../../services/subscriber/src/app';
import { SubscriberConfig } from '../../services/subscriber/src/config';
import { subscriberOpenApi } from '../../services/subscriber/src/http/openapi';
import { createApp as createTodoApi } from '../../services/todo-api/src/app';
import { TodoApiConfig } from '../../services/todo-api/src/config';
import { todoOpenApi } from '../../services/todo-api/src/http/openapi';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Operation {
  security?: unknown[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<
    string,
    { content?: Record<string, { schema: unknown }>; headers?: Record<string, unknown> }
  >;
}
type Document = typeof todoOpenApi;

const APP_API_TOKEN = 'a-token-for-the-sidecar-only';
const documents: [string, Document, () => Express][] = [
  ['auth', authOpenApi, () => createAuth(offlineServiceDeps(AuthConfig, { APP_ID: 'auth' }))],
  [
    'todo-api',
    todoOpenApi,
    () => createTodoApi(offlineServiceDeps(TodoApiConfig, { APP_ID: 'todo-api' })),
  ],
  [
    'subscriber',
    subscriberOpenApi,
    () =>
      createSubscriber(
        offlineServiceDeps(SubscriberConfig, { APP_ID: 'subscriber', APP_API_TOKEN }),
      ),
  ],
];

/** `/todos/{id}` as a request path: `/todos/x`. */
const concrete = (path: string) => path.replace(/\{[^}]+\}/g, 'x');

const operationsOf = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, op: op as Operation })),
  );

describe.each(documents)('the OpenAPI document of %s', (_service, doc, createServiceApp) => {
  const operations = operationsOf(doc);

  it('lists exactly the methods the app routes on each path (what Allow says)', () => {
    const app = createServiceApp();

    const routed = Object.keys(doc.paths).map((path) => [
      path,
      [...methodsAt(app.router as never, concrete(path))].filter((m) => m !== 'HEAD').sort(),
    ]);

    expect(routed).toEqual(
      Object.entries(doc.paths).map(([path, methods]) => [
        path,
        Object.keys(methods)
          .map((m) => m.toUpperCase())
          .sort(),
      ]),
    );
  });

  it('declares every {name} of a templated path as a required path parameter with a schema', () => {
    const undeclared = operations.flatMap(({ path, method, op }) =>
      pathParameterNames(path)
        .filter(
          (name) =>
            !op.parameters?.some(
              (p) => p.in === 'path' && p.name === name && p.required && p.schema?.type,
            ),
        )
        .map((name) => `${method.toUpperCase()} ${path}: {${name}}`),
    );

    expect(undeclared).toEqual([]);
  });

  it('answers every error as problem+json, and a malformed body with 400, 413 and 415', () => {
    const wrong = operations.flatMap(({ path, method, op }) => {
      const label = `${method.toUpperCase()} ${path}`;
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      const notProblems = errors
        .filter(([, response]) => !response.content?.['application/problem+json'])
        .map(([status]) => `${label} ${status} is not problem+json`);
      const bodyErrors = op.requestBody
        ? ['400', '413', '415']
            .filter((status) => !op.responses[status])
            .map((status) => `${label} lacks ${status}`)
        : [];
      return [...notProblems, ...bodyErrors];
    });

    expect(wrong).toEqual([]);
  });

  it('asks for a Bearer JWT where a token is needed, and then declares 401 with its challenge', () => {
    const secured = operations.filter(({ op }) => op.security);

    expect(doc.components.securitySchemes.bearer).toEqual({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
    for (const { op } of secured) {
      expect(op.security).toEqual([{ bearer: [] }]);
      expect(op.responses['401']?.headers).toHaveProperty('WWW-Authenticate');
      expect(op.responses['503']?.headers).toHaveProperty('Retry-After');
    }
  });
});

describe('PATCH /todos/{id} in the document', () => {
  it('needs at least one field, as the route does (an empty body answers 400)', () => {
    const patch = todoOpenApi.paths['/todos/{id}']?.patch as Operation | undefined;

    expect(patch?.requestBody?.content['application/json']?.schema).toMatchObject({
      minProperties: 1,
      additionalProperties: false,
    });
  });
});

describe('the operations only the admin role may call', () => {
  it('declare 403', () => {
    const admin = operationsOf(subscriberOpenApi).filter(({ path }) => path.startsWith('/admin'));

    expect(admin.map(({ op }) => Object.keys(op.responses))).toEqual(
      admin.map(() => expect.arrayContaining(['401', '403'])),
    );
  });
});

import {
  buildOpenApi,
  ClearTodosQuery,
  CreateTodoBody,
  IdempotencyKey,
  ListTodosQuery,
  PatchTodoBody,
  Todo,
  TodoPath,
  type HeaderSpec,
} from '@todo-dapr/contracts';
import { z } from 'zod';

const ETAG: Record<string, HeaderSpec> = {
  ETag: { description: 'The todo’s version, for If-Match', schema: z.string(), required: true },
};
const IF_MATCH: Record<string, HeaderSpec> = {
  'If-Match': {
    description: 'ETags the todo must still have (`*`: any); otherwise 412',
    schema: z.string(),
  },
};

/** todo-api's API, generated from the schemas its routes validate with. */
export const todoOpenApi = buildOpenApi({ title: 'todo-dapr todo-api', version: '1.0.0' }, [
  {
    method: 'get',
    path: '/todos',
    summary: 'The caller’s todos, a bare array (Todo-Backend); the next page in Link rel="next"',
    access: 'user',
    query: ListTodosQuery,
    responses: {
      200: {
        description: 'Todos by order, then creation time',
        schema: z.array(Todo),
        headers: { Link: { description: 'The next page: <url>; rel="next"', schema: z.string() } },
      },
    },
  },
  {
    method: 'post',
    path: '/todos',
    summary: 'Create a todo; Idempotency-Key replays the first answer for 24 hours',
    access: 'user',
    headers: {
      'Idempotency-Key': {
        description: 'Repeat it to retry safely; another body with the same key answers 422',
        schema: IdempotencyKey,
      },
    },
    body: CreateTodoBody,
    responses: {
      201: {
        description: 'Created',
        schema: Todo,
        headers: {
          ...ETAG,
          Location: { description: 'The todo’s path', schema: z.string(), required: true },
        },
      },
    },
    errors: [409, 422, 503],
  },
  {
    method: 'delete',
    path: '/todos',
    summary: 'Delete the caller’s todos (only the completed ones with ?completed=true)',
    access: 'user',
    query: ClearTodosQuery,
    responses: { 204: { description: 'Deleted; one todo_deleted event each' } },
    errors: [409, 503],
  },
  {
    method: 'get',
    path: '/todos/{id}',
    summary: 'One todo; If-None-Match with its ETag answers 304',
    access: 'user',
    params: TodoPath,
    headers: {
      'If-None-Match': { description: 'The ETag the caller has cached', schema: z.string() },
    },
    responses: {
      200: { description: 'The todo', schema: Todo, headers: ETAG },
      304: { description: 'Not modified', headers: ETAG },
    },
    errors: [404],
  },
  {
    method: 'patch',
    path: '/todos/{id}',
    summary: 'Change some fields (`null` clears description or dueAt)',
    access: 'user',
    params: TodoPath,
    headers: IF_MATCH,
    body: PatchTodoBody,
    responses: { 200: { description: 'The changed todo', schema: Todo, headers: ETAG } },
    errors: [404, 409, 412, 422],
  },
  {
    method: 'delete',
    path: '/todos/{id}',
    summary: 'Delete a todo',
    access: 'user',
    params: TodoPath,
    headers: IF_MATCH,
    responses: { 204: { description: 'Deleted' } },
    errors: [404, 409, 412],
  },
]);

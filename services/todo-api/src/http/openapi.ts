import {
  buildOpenApi,
  ClearTodosQuery,
  CreateTodoBody,
  ListTodosQuery,
  PatchTodoBody,
  Todo,
} from '@todo-dapr/contracts';
import { z } from 'zod';

const BAD_INPUT = [400, 413, 415];

/** todo-api's API, generated from the schemas its routes validate with. */
export const todoOpenApi = buildOpenApi({ title: 'todo-dapr todo-api', version: '1.0.0' }, [
  {
    method: 'get',
    path: '/todos',
    summary: `The caller's todos, a bare array (Todo-Backend); next page in Link rel="next". Query: ${Object.keys(ListTodosQuery.shape).join(', ')}`,
    requiresToken: true,
    responses: {
      200: { description: 'Todos by order, then creation time', schema: z.array(Todo) },
    },
    errors: [400, 401],
  },
  {
    method: 'post',
    path: '/todos',
    summary:
      'Create a todo; Idempotency-Key (1 to 255 printable ASCII characters) replays the first answer for 24 hours',
    requiresToken: true,
    body: CreateTodoBody,
    responses: { 201: { description: 'Created (ETag, Location)', schema: Todo } },
    errors: [...BAD_INPUT, 401, 409, 422, 503],
  },
  {
    method: 'delete',
    path: '/todos',
    summary: `Delete the caller's todos (query: ${Object.keys(ClearTodosQuery.shape).join(', ')}), one todo_deleted each`,
    requiresToken: true,
    responses: { 204: { description: 'Deleted' } },
    errors: [400, 401, 503],
  },
  {
    method: 'get',
    path: '/todos/{id}',
    summary: 'One todo (ETag; If-None-Match answers 304)',
    requiresToken: true,
    responses: { 200: { description: 'The todo', schema: Todo } },
    errors: [401, 404],
  },
  {
    method: 'patch',
    path: '/todos/{id}',
    summary: 'Change some fields; a stale If-Match answers 412',
    requiresToken: true,
    body: PatchTodoBody,
    responses: { 200: { description: 'The changed todo (ETag)', schema: Todo } },
    errors: [...BAD_INPUT, 401, 404, 412, 422, 503],
  },
  {
    method: 'delete',
    path: '/todos/{id}',
    summary: 'Delete a todo; a stale If-Match answers 412',
    requiresToken: true,
    responses: { 204: { description: 'Deleted' } },
    errors: [401, 404, 412, 503],
  },
]);

import { z } from 'zod';
import { buildOpenApi, type OperationSpec } from '../src';

const replay = (params?: z.ZodObject): OperationSpec => ({
  method: 'post',
  path: '/letters/{topic}/{id}/replay',
  summary: 'Replay',
  ...(params && { params }),
  responses: { 202: { description: 'Sent' } },
});

describe('buildOpenApi', () => {
  it('refuses a templated path whose parameters are not all declared', () => {
    const build = () =>
      buildOpenApi({ title: 't', version: '1' }, [replay(z.object({ topic: z.string() }))]);

    expect(build).toThrow(/\[topic, id\] but params declare \[topic\]/);
  });

  it('declares each path parameter with the schema of its params entry', () => {
    const doc = buildOpenApi({ title: 't', version: '1' }, [
      replay(z.object({ topic: z.enum(['todos', 'users']), id: z.string().min(1) })),
    ]);

    expect(doc.paths['/letters/{topic}/{id}/replay']?.post).toMatchObject({
      parameters: [
        { name: 'topic', in: 'path', required: true, schema: { enum: ['todos', 'users'] } },
        { name: 'id', in: 'path', required: true, schema: { type: 'string', minLength: 1 } },
      ],
    });
  });

  it('adds the problems a token, a role, a body and a query imply', () => {
    const doc = buildOpenApi({ title: 't', version: '1' }, [
      {
        method: 'post',
        path: '/things',
        summary: 'Create',
        access: 'admin',
        query: z.object({ dryRun: z.enum(['true', 'false']).optional() }),
        body: z.object({ name: z.string() }),
        responses: { 201: { description: 'Created' } },
        errors: [409],
      },
    ]);

    const op = doc.paths['/things']?.post as { responses: object; parameters: object[] };
    expect(Object.keys(op.responses)).toEqual([
      '201',
      '400',
      '401',
      '403',
      '409',
      '413',
      '415',
      '503',
    ]);
    // An optional parameter leaves `required` out: OpenAPI's default is false.
    expect(op.parameters).toEqual([{ name: 'dryRun', in: 'query', schema: expect.any(Object) }]);
  });
});

import { z } from 'zod';

export const TodoTitle = z.string().trim().min(1).max(200);

/** A todo as the API returns it and as events carry it. */
export const Todo = z.object({
  id: z.string().min(1),
  title: TodoTitle,
  description: z.string().max(2000).optional(),
  completed: z.boolean(),
  order: z.number().int(),
  dueAt: z.iso.datetime().optional(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  version: z.number().int().positive(),
  url: z.url(),
});
export type Todo = z.infer<typeof Todo>;

import type { PatchTodoBody, Todo, TodoPriority } from '@todo-dapr/client';
import type { Command } from 'commander';
import type { Context } from '../context.js';
import { parseDue } from '../due-date.js';
import { itemsLeft, todoLine } from '../format.js';
import { sessionOf, type Session } from '../session.js';
import { findTodo } from '../todo-ref.js';
import { UsageError } from '../usage-error.js';

const REF = '<todo>';
const REFS = '<todo...>';
const REF_HELP = 'its number in `todo ls`, or the start of its id';
const PRIORITIES: readonly TodoPriority[] = ['low', 'normal', 'high'];
const PRIORITY_HELP = 'low, normal (the default) or high';

/** --priority: one of the API's priorities, any case. */
function parsePriority(text: string): TodoPriority {
  const priority = PRIORITIES.find((known) => known === text.trim().toLowerCase());
  if (!priority) throw new UsageError(`--priority takes low, normal or high, not "${text}".`);
  return priority;
}

/** Numbers as `ls` shows them: over all todos, whatever the filter. */
async function numbered(session: Session) {
  const todos = await session.client.listTodos();
  return { todos, width: String(todos.length).length };
}

async function forEachRef(session: Session, refs: string[], act: (todo: Todo) => Promise<Todo>) {
  const { todos } = await numbered(session);
  const targets = refs.map((ref) => findTodo(todos, ref));
  const results: Todo[] = [];
  for (const todo of targets) results.push(await act(todo));
  return results;
}

export function todoCommands(program: Command, ctx: Context) {
  program
    .command('add')
    .description('add a todo')
    .argument('<title...>', 'the title; several words need no quotes')
    .option('--due <when>', 'today, tomorrow, 2025-06-30 or 2025-06-30T17:00')
    .option('--description <text>', 'a longer note')
    .option('--priority <level>', PRIORITY_HELP)
    .action(
      async (
        words: string[],
        options: { due?: string; description?: string; priority?: string },
        command: Command,
      ) => {
        const body = {
          title: words.join(' '),
          ...(options.description !== undefined && { description: options.description }),
          ...(options.due !== undefined && { dueAt: parseDue(options.due) }),
          ...(options.priority !== undefined && { priority: parsePriority(options.priority) }),
        };
        const session = sessionOf(command, ctx);
        const todo = await session.client.createTodo(body);
        session.print(todo);
        session.say(`Added  ${todoLine(todo, undefined)}`);
      },
    );

  program
    .command('ls')
    .description('list todos: number, [x] when completed, id, title, (high) or (low), due date')
    .option('--active', 'only the open ones')
    .option('--completed', 'only the completed ones')
    .option('--all', 'all of them (the default)')
    .action(
      async (
        options: { active?: boolean; completed?: boolean; all?: boolean },
        command: Command,
      ) => {
        if ([options.active, options.completed, options.all].filter(Boolean).length > 1) {
          throw new UsageError('Give one of --active, --completed and --all.');
        }
        const session = sessionOf(command, ctx);
        const { todos, width } = await numbered(session);
        const wanted = (todo: Todo) =>
          options.active ? !todo.completed : options.completed ? todo.completed : true;
        session.print(todos.filter(wanted));
        const now = new Date();
        todos.forEach((todo, index) => {
          if (wanted(todo)) session.say(todoLine(todo, index + 1, now, width));
        });
        if (ctx.stdoutIsTty)
          session.say(todos.length ? itemsLeft(todos) : 'No todos yet: `todo add <title>`.');
      },
    );

  for (const [name, completed, verb] of [
    ['done', true, 'Completed'],
    ['undo', false, 'Reopened'],
  ] as const) {
    program
      .command(name)
      .description(completed ? 'mark todos completed' : 'mark todos open again')
      .argument(REFS, REF_HELP)
      .action(async (refs: string[], _options: object, command: Command) => {
        const session = sessionOf(command, ctx);
        const changed = await forEachRef(session, refs, (todo) =>
          session.client.updateTodo(todo.id, { completed }),
        );
        session.print(changed);
        for (const todo of changed) session.say(`${verb}  ${todoLine(todo, undefined)}`);
      });
  }

  program
    .command('edit')
    .description('change a todo: its title and/or the fields given')
    .argument(REF, REF_HELP)
    .argument('[title...]', 'the new title')
    .option('--description <text>', 'a new description')
    .option('--no-description', 'remove the description')
    .option('--due <when>', 'a new due date (as for add)')
    .option('--no-due', 'remove the due date')
    .option('--priority <level>', PRIORITY_HELP)
    .action(
      async (
        ref: string,
        words: string[],
        options: { description?: string | false; due?: string | false; priority?: string },
        command: Command,
      ) => {
        const patch: PatchTodoBody = {};
        if (words.length > 0) patch.title = words.join(' ');
        if (options.description !== undefined) patch.description = options.description || null;
        if (options.due !== undefined)
          patch.dueAt = options.due === false ? null : parseDue(options.due);
        if (options.priority !== undefined) patch.priority = parsePriority(options.priority);
        if (Object.keys(patch).length === 0) {
          throw new UsageError(
            'Nothing to change: give a new title, --description, --due, --priority, --no-description or --no-due.',
          );
        }
        const session = sessionOf(command, ctx);
        const [todo] = await forEachRef(session, [ref], (found) =>
          session.client.updateTodo(found.id, patch),
        );
        session.print(todo);
        if (todo) session.say(`Changed  ${todoLine(todo, undefined)}`);
      },
    );

  program
    .command('rm')
    .description('delete todos')
    .argument(REFS, REF_HELP)
    .action(async (refs: string[], _options: object, command: Command) => {
      const session = sessionOf(command, ctx);
      const removed = await forEachRef(session, refs, async (todo) => {
        await session.client.deleteTodo(todo.id);
        return todo;
      });
      session.print(removed);
      for (const todo of removed) session.say(`Deleted  ${todoLine(todo, undefined)}`);
    });

  program
    .command('clear')
    .description('delete the completed todos (TodoMVC\'s "Clear completed")')
    .option('--all', 'delete every todo, open ones too (needs --yes)')
    .option('--yes', 'confirm --all')
    .action(async (options: { all?: boolean; yes?: boolean }, command: Command) => {
      if (options.all && !options.yes) {
        throw new UsageError(
          'clear --all deletes every todo, open ones too: add --yes to confirm.',
        );
      }
      const session = sessionOf(command, ctx);
      const doomed = await session.client.listTodos(options.all ? {} : { completed: true });
      if (doomed.length > 0)
        await session.client.clearTodos(options.all ? {} : { completed: true });
      session.print(doomed);
      const what = options.all ? 'todo' : 'completed todo';
      session.say(
        doomed.length === 0
          ? `No ${what}s to delete.`
          : `Deleted ${doomed.length} ${what}${doomed.length === 1 ? '' : 's'}.`,
      );
    });
}

import type { DeadLetter } from '@todo-dapr/contracts';
import { useCallback, useEffect, useState } from 'react';
import type { TodoClient } from '../api/session';

interface Props {
  client: TodoClient;
  report: (error: unknown) => void;
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** For operators (the admin role): events that went to a dead-letter topic, and replay. */
export function DeadLettersPanel({ client, report }: Props) {
  const [page, setPage] = useState<{ total: number; deadLetters: DeadLetter[] }>();
  const [replaying, setReplaying] = useState<string>();

  const load = useCallback(async () => {
    try {
      setPage(await client.deadLetters());
    } catch (error) {
      report(error);
    }
  }, [client, report]);

  useEffect(() => {
    void load();
  }, [load]);

  const replay = async (letter: DeadLetter) => {
    setReplaying(`${letter.topic}/${letter.id}`);
    try {
      const replayed = await client.replayDeadLetter(letter.topic, letter.id);
      setPage(
        (current) =>
          current && {
            ...current,
            deadLetters: current.deadLetters.map((l) =>
              l.topic === replayed.topic && l.id === replayed.id ? replayed : l,
            ),
          },
      );
    } catch (error) {
      report(error);
    } finally {
      setReplaying(undefined);
    }
  };

  return (
    <section className="dead-letters panel" aria-labelledby="dead-letters-title">
      <h2 id="dead-letters-title">Dead letters</h2>
      <p>
        {page ? `${page.total} in all.` : 'Loading…'}{' '}
        <button type="button" onClick={() => void load()}>
          Refresh
        </button>
      </p>
      {page && page.deadLetters.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">Topic</th>
                <th scope="col">Type</th>
                <th scope="col">Reason</th>
                <th scope="col">Attempts</th>
                <th scope="col">Dead since</th>
                <th scope="col">Replayed</th>
                <th scope="col">
                  <span className="visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {page.deadLetters.map((letter) => {
                const key = `${letter.topic}/${letter.id}`;
                return (
                  <tr key={key}>
                    <td>{letter.topic}</td>
                    <td>{letter.type ?? '—'}</td>
                    <td className="reason">{letter.reason}</td>
                    <td>{letter.attempts}</td>
                    <td>{when.format(new Date(letter.deadLetteredAt))}</td>
                    <td>{letter.replayedAt?.length ?? 0}×</td>
                    <td>
                      <button
                        type="button"
                        disabled={replaying === key}
                        onClick={() => void replay(letter)}
                        aria-label={`Replay ${letter.type ?? 'message'} ${letter.id} to ${letter.topic}`}
                      >
                        Replay
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

import type { UserProfile } from '@todo-dapr/contracts';
import { useEffect, useRef, useState } from 'react';
import { DeadLettersPanel } from './admin/dead-letters-panel';
import type { TodoClient } from './api/session';
import { StatsPanel } from './stats/stats-panel';
import { TodoApp } from './todos/todo-app';
import { useTodos } from './todos/use-todos';

type LiveState = 'connecting' | 'live' | 'reconnecting' | 'off';

const LIVE_LABELS: Record<LiveState, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  off: 'Not live: reload the page',
};

interface Props {
  client: TodoClient;
  profile: UserProfile;
  report: (error: unknown) => void;
  onLogout: () => void;
}

/** The logged-in page: the todo view, and around it the session, live state, stats and operator view. */
export function Workspace({ client, profile, report, onLogout }: Props) {
  const store = useTodos(client, report);
  const [live, setLive] = useState<LiveState>('connecting');
  const [sequence, setSequence] = useState(0);
  const latest = useRef(store);
  latest.current = store;

  useEffect(() => {
    const controller = new AbortController();
    void latest.current.reload();
    client
      .live({
        signal: controller.signal,
        // From here on nothing is missed: read the list once more.
        onOpen: () => {
          setLive('live');
          void latest.current.reload();
        },
        onEvent: (event) => {
          latest.current.apply(event);
          setSequence((seen) => Math.max(seen, event.sequence));
        },
        onResync: () => void latest.current.reload(),
        onDisconnect: () => {
          setLive('reconnecting');
          return true;
        },
      })
      .catch((error: unknown) => {
        if (controller.signal.aborted) return;
        setLive('off');
        report(error);
      });
    return () => controller.abort();
  }, [client, report]);

  const admin = profile.roles.includes('admin');
  return (
    <>
      <header className="topbar">
        <p className="brand">todo-dapr</p>
        <p className={`live-state live-${live}`} role="status">
          {LIVE_LABELS[live]}
        </p>
        <p className="who">
          Signed in as <strong>{profile.username}</strong>
          {admin && <span className="badge">operator</span>}
        </p>
        <button type="button" className="logout" onClick={onLogout}>
          Log out
        </button>
      </header>
      <main className="layout">
        <div className="column-todos">
          <TodoApp store={store} />
        </div>
        <div className="column-side">
          <StatsPanel client={client} sequence={sequence} report={report} />
          {admin && <DeadLettersPanel client={client} report={report} />}
        </div>
      </main>
    </>
  );
}

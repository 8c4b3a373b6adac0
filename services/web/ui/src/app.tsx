import type { UserProfile } from '@todo-dapr/contracts';
import { useCallback, useEffect, useState } from 'react';
import { onSessionChange } from './api/browser-session';
import { messageOf, NotLoggedInError, ProblemError, type TodoClient } from './api/session';
import { AuthForms } from './session/auth-forms';
import { Workspace } from './workspace';

/** The session gate: log in or register, then the workspace; errors in one alert line. */
export function App({ client }: { client: TodoClient }) {
  // undefined while the stored session is checked, null when logged out.
  const [profile, setProfile] = useState<UserProfile | null>();
  const [error, setError] = useState<string>();

  const loadProfile = useCallback(() => {
    client.me().then(setProfile, () => setProfile(null));
  }, [client]);

  useEffect(() => {
    loadProfile();
    // Another tab logged in or out.
    return onSessionChange(loadProfile);
  }, [loadProfile]);

  const report = useCallback((failure: unknown) => {
    if (failure instanceof NotLoggedInError) {
      setProfile(null);
      setError('Your session has ended: please log in again.');
      return;
    }
    if (failure instanceof ProblemError && failure.status === 401) setProfile(null);
    setError(messageOf(failure));
  }, []);

  const logout = () => {
    client
      .logout()
      .catch(report)
      .finally(() => setProfile(null));
  };

  return (
    <>
      {error && (
        <div className="error-banner" role="alert">
          <p>{error}</p>
          <button type="button" onClick={() => setError(undefined)} aria-label="Dismiss the error">
            Dismiss
          </button>
        </div>
      )}
      {profile === undefined && <p className="loading">Loading…</p>}
      {profile === null && (
        <main className="layout layout-auth">
          <AuthForms
            client={client}
            onLoggedIn={() => {
              setError(undefined);
              loadProfile();
            }}
          />
        </main>
      )}
      {profile && (
        <Workspace
          key={profile.id}
          client={client}
          profile={profile}
          report={report}
          onLogout={logout}
        />
      )}
    </>
  );
}

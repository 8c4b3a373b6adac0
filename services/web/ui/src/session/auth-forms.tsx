import { useState, type SyntheticEvent } from 'react';
import { messageOf, ProblemError, type TodoClient } from '../api/session';

interface Props {
  client: TodoClient;
  onLoggedIn: () => void;
}

/** Log in, or register and then log in. Errors show the problem's detail and its wrong fields. */
export function AuthForms({ client, onLoggedIn }: Props) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: SyntheticEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const field = (name: string) => {
      const value = form.get(name);
      return typeof value === 'string' ? value : '';
    };
    setBusy(true);
    setError(undefined);
    try {
      if (mode === 'register')
        await client.register(field('username'), field('email'), field('password'));
      await client.login(field('username'), field('password'));
      onLoggedIn();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (path: string) =>
    error instanceof ProblemError
      ? error.problem.errors?.find((e) => e.path === path)?.message
      : undefined;
  const input = (name: string, label: string, type: string, autoComplete: string) => {
    const wrong = fieldError(name);
    return (
      <p className="field">
        <label htmlFor={`auth-${name}`}>{label}</label>
        <input
          id={`auth-${name}`}
          name={name}
          type={type}
          required
          autoComplete={autoComplete}
          aria-invalid={wrong ? true : undefined}
          aria-describedby={wrong ? `auth-${name}-error` : undefined}
        />
        {wrong && (
          <span className="field-error" id={`auth-${name}-error`}>
            {wrong}
          </span>
        )}
      </p>
    );
  };

  const registering = mode === 'register';
  return (
    <section className="auth panel" aria-labelledby="auth-title">
      <h2 id="auth-title">{registering ? 'Create an account' : 'Log in'}</h2>
      <form onSubmit={(event) => void submit(event)} noValidate={false}>
        {input('username', 'Username', 'text', 'username')}
        {registering && input('email', 'E-mail', 'email', 'email')}
        {input(
          'password',
          'Password',
          'password',
          registering ? 'new-password' : 'current-password',
        )}
        {registering && (
          <p className="hint">At least 12 characters, not containing the username.</p>
        )}
        {error !== undefined && (
          <p className="error" role="alert">
            {messageOf(error)}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {registering ? 'Register and log in' : 'Log in'}
        </button>
      </form>
      <button
        type="button"
        className="link"
        onClick={() => {
          setMode(registering ? 'login' : 'register');
          setError(undefined);
        }}
      >
        {registering ? 'I have an account: log in' : 'New here? Create an account'}
      </button>
    </section>
  );
}

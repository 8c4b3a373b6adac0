// Logs users in at a steady rate and checks each acknowledged session afterwards: its refresh
// token must work once (or the login was lost) and only once (or it was applied twice).
import { request } from '../bench/http.mjs';
import { steadyLoad } from './steady-load.mjs';

export const logins = ({ auth, users, rate }) =>
  steadyLoad({
    rate,
    send: (i) => {
      const user = users[i % users.length];
      return request(`${auth}/auth/login`, {
        method: 'POST',
        body: { username: user.username, password: user.password },
        timeoutMs: 10_000,
      }).then((tokens) => ({ refreshToken: tokens.refresh_token }));
    },
  });

const refresh = (auth, token) =>
  request(`${auth}/auth/refresh`, { method: 'POST', body: { refresh_token: token } }).then(
    () => true,
    () => false,
  );

export async function loginOutcomes({ auth, calls }) {
  const acknowledged = calls.filter((call) => call.ok);
  let delivered = 0;
  let doubleApplied = 0;
  for (const { value } of acknowledged) {
    if (await refresh(auth, value.refreshToken)) delivered += 1;
    if (await refresh(auth, value.refreshToken)) doubleApplied += 1;
  }
  return {
    tried: calls.length,
    acknowledged: acknowledged.length,
    delivered,
    lost: acknowledged.length - delivered,
    doubleApplied,
  };
}

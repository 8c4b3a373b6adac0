import { ConfigError, loadConfig } from '@todo-dapr/platform';
import { TodoApiConfig } from '../src/config';

const required = { APP_ID: 'todo-api', APP_PORT: '3002' };

describe('TEST_CRASH_AFTER_COMMIT', () => {
  it('is refused outside NODE_ENV=test, so no deployment crashes on purpose', () => {
    const load = () => loadConfig(TodoApiConfig, { ...required, TEST_CRASH_AFTER_COMMIT: 'true' });

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/TEST_CRASH_AFTER_COMMIT: is honoured only with NODE_ENV=test/);
  });

  it('is taken with NODE_ENV=test', () => {
    const env = { ...required, TEST_CRASH_AFTER_COMMIT: '1', NODE_ENV: 'test' };

    expect(loadConfig(TodoApiConfig, env).TEST_CRASH_AFTER_COMMIT).toBe(true);
  });
});

import { BaseConfig, ConfigError, loadConfig } from '../src';

describe('loadConfig', () => {
  it('when a variable is malformed, throws a message that names it', () => {
    const env = { APP_ID: 'auth', APP_PORT: 'eighty' };

    const load = () => loadConfig(BaseConfig, env);

    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/APP_PORT/);
  });

  it('when a required variable is missing, names it', () => {
    expect(() => loadConfig(BaseConfig, { APP_PORT: '3001' })).toThrow(/APP_ID/);
  });

  it('when the environment is valid, coerces numbers and applies defaults', () => {
    const config = loadConfig(BaseConfig, { APP_ID: 'auth', APP_PORT: '3001' });

    expect(config).toMatchObject({
      APP_ID: 'auth',
      APP_PORT: 3001,
      APP_HOST: '127.0.0.1',
      DAPR_HTTP_PORT: 3500,
      LOG_LEVEL: 'info',
    });
  });

  it('when APP_API_TOKEN is too short to be a secret, refuses it', () => {
    const env = { APP_ID: 'auth', APP_PORT: '3001', APP_API_TOKEN: 'short' };

    expect(() => loadConfig(BaseConfig, env)).toThrow(/APP_API_TOKEN: must be at least 16/);
  });

  it.each(['APP_API_TOKEN', 'DAPR_API_TOKEN'])(
    'when %s is the published example value, refuses to start',
    (name) => {
      const env = { APP_ID: 'auth', APP_PORT: '3001', [name]: 'change-me-in-dev-only-0123456789' };

      expect(() => loadConfig(BaseConfig, env)).toThrow(
        new RegExp(`${name}: is the published example`),
      );
    },
  );
});

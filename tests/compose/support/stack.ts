import { projectScript } from '../../stack/project-script';

/** The published ports of docker-compose.yml: all the tests may use. */
export const origin = 'http://127.0.0.1:8080';
export const mailpit = 'http://127.0.0.1:8025';
export const brokers = '127.0.0.1:9094';

/** `docker compose <args>` on the stack npm run compose:up started. */
export const compose = (...args: string[]) => projectScript('compose/compose.mjs', ...args);

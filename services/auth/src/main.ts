import { startService } from '@todo-dapr/platform';
import { createApp } from './app';
import { AuthConfig } from './config';

startService(AuthConfig, createApp);

import { startService } from '@todo-dapr/platform';
import { createApp } from './app';
import { TodoApiConfig } from './config';

startService(TodoApiConfig, createApp);

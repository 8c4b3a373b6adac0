import { startService } from '@todo-dapr/platform';
import { createApp } from './app';
import { SubscriberConfig } from './config';

startService(SubscriberConfig, createApp);

import { BaseConfig } from '@todo-dapr/platform';

export const AuthConfig = BaseConfig;
export type AuthConfig = BaseConfig;

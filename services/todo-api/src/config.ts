import { BaseConfig } from '@todo-dapr/platform';

export const TodoApiConfig = BaseConfig;
export type TodoApiConfig = BaseConfig;

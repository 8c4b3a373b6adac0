import { projectScript } from '../../stack/project-script';

/** What the host reaches of the cluster: the origin on loopback, the rest on the node's veth. */
export const origin = 'http://127.0.0.1:8280';
export const mailpit = 'http://10.250.0.2:30025';
export const brokers = '10.250.0.2:30092';
/** The schema registry's Confluent API (Apicurio's ccompat), through its NodePort. */
export const schemaRegistry = 'http://10.250.0.2:30081/apis/ccompat/v7';

/** kubectl against the local cluster (`npm run k8s -- <args>`). */
export const kubectl = (...args: string[]) => projectScript('k8s/k8s.mjs', 'kubectl', ...args);

/** kubectl in the app's namespace. */
export const app = (...args: string[]) => kubectl('-n', 'todo-dapr', ...args);

/**
 * Calls the sidecar of `service` from inside its app container, as the app does, and returns
 * the status. `withToken: false` leaves out the Dapr API token the app normally sends.
 */
export async function sidecarStatus(
  service: string,
  path: string,
  { withToken = true }: { withToken?: boolean } = {},
): Promise<number> {
  const script = `fetch('http://127.0.0.1:' + process.env.DAPR_HTTP_PORT + ${JSON.stringify(path)}, {
    headers: ${withToken ? "{ 'dapr-api-token': process.env.DAPR_API_TOKEN }" : '{}'},
  }).then((r) => console.log(r.status), (e) => { console.error(e); process.exit(1); });`;
  const out = await app('exec', `deploy/${service}`, '-c', service, '--', 'node', '-e', script);
  return Number(out.trim());
}

// Whether the local broker runs, for `kafka.mjs status`.
import { canConnect } from '../lib/ports.mjs';
import { runningBrokerPid } from './broker-process.mjs';
import { brokerFiles, configuredBrokerPort, defaultDataDir, HOST } from './server-config.mjs';

/**
 * Whether the local broker from dataDir runs and accepts connections.
 * @returns {Promise<{ running: boolean, pid?: number, brokers?: string, accepting?: boolean, dataDir: string }>}
 */
export async function kafkaStatus({ dataDir = defaultDataDir } = {}) {
  const files = brokerFiles(dataDir);
  const pid = runningBrokerPid(files);
  if (!pid) return { running: false, dataDir: files.dataDir };
  const port = configuredBrokerPort(files);
  const accepting = await canConnect(HOST, port, 1000);
  return { running: true, pid, brokers: `${HOST}:${port}`, accepting, dataDir: files.dataDir };
}

import type { TestProject } from "vitest/node";
import { startGatewayStandin } from "../standin/ai-gateway-standin.mjs";
import { installSuiteLogScan } from "./suite-log-scan";

/** Starts the local AI Gateway stand-in on a free loopback port for the whole run. */
export default async function setup(project: TestProject) {
  const standin = await startGatewayStandin({ port: 0 });
  project.provide("gatewayStandinUrl", standin.url);
  const scanLogs = installSuiteLogScan(project); // every structured log line of the suite: no seeded secret, required fields
  return async () => {
    await standin.close();
    await scanLogs();
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    gatewayStandinUrl: string;
  }
}

import type { TestProject } from "vitest/node";
import { startGatewayStandin } from "../standin/ai-gateway-standin.mjs";

/** Starts the local AI Gateway stand-in on a free loopback port for the whole run. */
export default async function setup(project: TestProject) {
  const standin = await startGatewayStandin({ port: 0 });
  project.provide("gatewayStandinUrl", standin.url);
  return async () => standin.close();
}

declare module "vitest" {
  export interface ProvidedContext {
    gatewayStandinUrl: string;
  }
}

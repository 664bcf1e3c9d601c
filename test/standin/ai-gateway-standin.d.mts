// Types for the plain-JS AI Gateway stand-in (see ai-gateway-standin.mjs for the protocol and control API).

export interface StandinRequestRecord {
  seq: number;
  time: number;
  method: string;
  path: string;
  account: string;
  gateway: string;
  kind: "chat" | "log";
  /** "compat": the gateway's compat endpoint; "openai": the OpenAI-style server route; "rest": the logs API. */
  api: "compat" | "openai" | "rest";
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  rawBody: string;
  status: number | "hung" | "stalled" | "reset" | undefined;
  logId?: string;
  fault?: string;
}

export interface GatewayStandin {
  url: string;
  port: number;
  /** Clears all state, or only one gateway's. */
  reset(gateway?: string): void;
  requests(gateway?: string): StandinRequestRecord[];
  close(): Promise<void>;
}

export interface GatewayStandinOptions {
  port?: number;
  host?: string;
  /** Default gateway token: every gateway is "authenticated" with it unless reconfigured. */
  authToken?: string;
  /** Default Cloudflare API token required by the feedback (logs) endpoint. */
  apiToken?: string;
}

export function startGatewayStandin(options?: GatewayStandinOptions): Promise<GatewayStandin>;

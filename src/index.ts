/** Worker entry: HTTP (Hono), and the Durable Object classes it hosts. */
import { createApp } from "./http/app";

export { RunDurableObject } from "./runtime/run-object";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;

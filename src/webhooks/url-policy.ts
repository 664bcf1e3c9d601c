/**
 * Which receiver URLs a subscription may name: https only, except that a
 * local environment (ENVIRONMENT = "local") may also use plain http to
 * localhost / 127.0.0.1 / [::1]. Outside local, loopback and private
 * addresses are refused even over https, so a tenant cannot point deliveries
 * at the platform's own network. Credentials in the URL are refused: the URL
 * is shown back by the API.
 */

const LOCAL_ENVIRONMENT = "local";
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);
const PRIVATE_HOST = /^(localhost|.*\.localhost|.*\.local|.*\.internal|127\.\d+\.\d+\.\d+|10\.\d+\.\d+\.\d+|192\.168\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0|\[.*\])$/i;

/** Why the URL is refused, or null when it is allowed. */
export function refusedWebhookUrl(raw: string, environment: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "The url is not an absolute URL.";
  }
  if (url.username || url.password) return "The url must not carry credentials; authenticate deliveries with the signature instead.";
  const local = environment === LOCAL_ENVIRONMENT;
  if (local && url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return null;
  if (url.protocol !== "https:") {
    return local ? "Use an https URL (plain http is allowed only for localhost, 127.0.0.1 or [::1] in a local environment)." : "Use an https URL.";
  }
  if (!local && PRIVATE_HOST.test(url.hostname)) return "The url must name a public host, not a loopback or private address.";
  return null;
}

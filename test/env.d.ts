declare namespace Cloudflare {
  interface Env {
    TEST_MIGRATIONS: import("cloudflare:test").D1Migration[];
    GATEWAY_STANDIN_URL: string;
    TEST_SEED_SQL: string;
  }
}

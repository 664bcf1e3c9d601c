import type { FC } from "hono/jsx";
import { Layout } from "../components";

export const LoginPage: FC<{ next: string; error?: string | undefined; accessEnabled: boolean; signedOut?: boolean }> = ({ next, error, accessEnabled, signedOut }) => (
  <Layout title="Sign in" section={null}>
    <div class="login">
      <h1>Sign in to review</h1>
      <p class="muted">Paste the reviewer or operator token you were given. You stay signed in on this browser for 8 hours, or until you sign out.</p>
      {signedOut && (
        <div class="alert alert-ok" role="status">
          You are signed out.
        </div>
      )}
      {error && (
        <div class="alert alert-danger" role="alert">
          <strong>Could not sign in</strong>
          {error}
        </div>
      )}
      <form method="post" action="/dashboard/login">
        <input type="hidden" name="next" value={next} />
        <div class="field">
          <label for="token">Token</label>
          <input id="token" name="token" type="password" autocomplete="off" required autofocus spellcheck={false} />
        </div>
        <div class="actions">
          <button type="submit">Sign in</button>
        </div>
      </form>
      {accessEnabled && <p class="small muted">Your organisation also signs you in through Cloudflare Access: opening the dashboard through it needs no token.</p>}
    </div>
  </Layout>
);

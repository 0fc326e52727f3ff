const escape = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (title: string, body: string) =>
  `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>${escape(title)}</title>` +
  `<style>body{font:15px system-ui,sans-serif;max-width:36em;margin:3em auto;line-height:1.5}input{width:100%;padding:.4em;font:inherit}button{margin-top:.8em;padding:.4em 1.2em;font:inherit}.err{color:#b00}</style>` +
  `<h1>${escape(title)}</h1>${body}</html>`;

/** The codec server's one page: sign in with an API token, so that the Temporal UI may decrypt payloads. */
export function signInPage(o: { error?: string; uiUrl?: string } = {}): string {
  return page(
    'Codec server · sign in',
    `<p>Payloads in Temporal are encrypted. Sign in with your API token to let the Temporal UI in this browser show them decrypted${o.uiUrl ? ` (<a href="${escape(o.uiUrl)}">${escape(o.uiUrl)}</a>)` : ''}.</p>` +
      (o.error ? `<p class="err">${escape(o.error)}</p>` : '') +
      `<form method="post" action="/sign-in"><label>API token<br><input name="token" type="password" autocomplete="off" required></label><br><button>Sign in</button></form>` +
      `<p>In the UI's codec settings, "Include cross-origin credentials" must be on.</p>`,
  );
}

export function signedInPage(who: string, roles: readonly string[], uiUrl?: string): string {
  return page(
    'Codec server · signed in',
    `<p>Signed in as <b>${escape(who)}</b> (${escape(roles.join(', '))}) for 8 hours.</p>` +
      (uiUrl ? `<p>Back to the <a href="${escape(uiUrl)}">Temporal UI</a>.</p>` : '') +
      `<form method="post" action="/sign-out"><button>Sign out</button></form>`,
  );
}

/**
 * The dashboard's policy under `electron-vite dev` only (never in a built app, which sends core's DASHBOARD_CSP
 * from the app:// protocol): Vite injects `<style>` elements and talks to its dev server over a WebSocket for
 * hot reload. Scripts are still only the dev server's own files.
 */
export const DEV_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' ws://localhost:* ws://127.0.0.1:*",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * The Content-Security-Policy of the renderer, the same for the Electron window and the
 * browser host: only our own scripts, no eval, no plugins, no framing. Inline styles stay
 * allowed because the chart library positions tooltips with them.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

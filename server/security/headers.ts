// Response headers of every answer. The Content-Security-Policy is what the screens need and no more
// (checked in real Chromium by test/security/csp.test.ts): scripts only from the hub, sockets to the
// hub, images and voice clips from the hub or held in memory (data:, blob:). Styles allow inline
// style attributes: the lit screens set sizes and colours in templates (`style="--c: …"`), and on
// browsers without constructable stylesheets (older tablets) lit falls back to <style> elements.
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss:",
  "worker-src 'self' blob:",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()',
  'X-Permitted-Cross-Domain-Policies': 'none',
};

/** The admin console records the centre's voice pack (admin → Giọng đọc): its page may use the microphone. */
export const ADMIN_PERMISSIONS_POLICY = SECURITY_HEADERS['Permissions-Policy']!.replace('microphone=()', 'microphone=(self)');

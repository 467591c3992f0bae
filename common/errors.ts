// Stable error codes with HTTP status; messages live in i18n (errors.<code>).
export const ERROR_STATUS = {
  invalid_input: 400,
  invalid_json: 400,
  unauthorized: 401,
  bad_credentials: 401,
  token_expired: 401,
  forbidden: 403,
  wrong_password: 403,
  wrong_site: 403,
  wrong_counter: 403,
  not_found: 404,
  site_not_found: 404,
  service_not_found: 404,
  counter_not_found: 404,
  ticket_not_found: 404,
  device_not_found: 404,
  user_not_found: 404,
  conflict: 409,
  daily_cap_reached: 409,
  outside_hours: 409,
  closed_day: 409,
  service_inactive: 409,
  priority_disabled: 409,
  counter_held: 409,
  officer_seated_elsewhere: 409,
  counter_not_open: 409,
  counter_paused: 409,
  counter_not_held: 409,
  ticket_in_service: 409,
  no_current_ticket: 409,
  ticket_not_waiting: 409,
  service_not_served: 409,
  same_service: 409,
  code_taken: 409,
  number_taken: 409,
  username_taken: 409,
  pairing_code_invalid: 409,
  already_rated: 409,
  rating_window_closed: 409,
  rating_superseded: 409,
  ticket_not_done: 409,
  reason_required: 400,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
} as const;
export type ErrorCode = keyof typeof ERROR_STATUS;

export class DomainError extends Error {
  constructor(public code: ErrorCode, public field?: string, public params: Record<string, string | number> = {}) {
    super(code);
  }
}

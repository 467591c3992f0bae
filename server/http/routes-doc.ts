// The documents of the routes written by hand (server/http/app.ts, admin-, security- and
// appointment-routes, the printers in server/server.ts), with the schemas they validate with. Routes
// mounted through the registry (server/events/routes.ts) carry their own. test/events/openapi.test.ts
// checks that express serves exactly the routes of ALL_ROUTES, so a route cannot go undocumented.
import { z } from 'zod';
import { schemas } from '../../common/schemas.js';
import { appointmentSchemas } from '../appointments/schemas.js';
import { privacySchemas as P } from '../privacy/privacy.js';
import { EVENT_ROUTES } from '../events/routes.js';
import { EVALUATION_ROUTES } from '../reports/evaluation-routes.js';
import { reportQuery, seriesQuery, siteQuery } from '../reports/reports.js';
import type { Method, RouteDoc } from './registry.js';

const r = (method: Method, path: string, tag: string, access: string, summary: string, extra: Partial<RouteDoc> = {}): RouteDoc =>
  ({ method, path, tag, access, summary, ...extra });
const S = schemas;
const A = appointmentSchemas;
const counterCmd = (verb: string, summary: string, body?: z.ZodType): RouteDoc =>
  r('post', `/api/counters/:id/${verb}`, 'Counter work', 'the officer holding the counter', summary, body ? { body } : {});
const omitCounter = <T extends z.ZodObject>(s: T) => s.omit({ counterId: true } as never);

export const HAND_ROUTES: RouteDoc[] = [
  r('post', '/api/tickets', 'Tickets', 'kiosk device, officer, admin, or a key with tickets:issue', 'Issue a ticket (201 after it is fsynced)', { body: S.issue, status: 201, scopes: ['tickets:issue'] }),
  r('get', '/api/health', 'Running', 'public', 'Ready when 200 {ok:true, store:"files"|"postgres", hub:"<process id>"}; warnings:[{code:"disk_low", message, freeBytes, totalBytes}] when the data dir runs short of space; 503 {ok:false, error:{code:"store_unavailable"}} when the store does not answer within 2 s'),
  r('post', '/api/auth/login', 'Accounts', 'public', 'Sign in', { body: S.login }),
  r('post', '/api/auth/logout', 'Accounts', 'signed-in user', 'End this token'),
  r('get', '/api/me', 'Accounts', 'any token', 'The user or device of the token'),
  r('get', '/api/me/today', 'Accounts', 'officer', "Today's figures of the signed-in officer"),
  r('post', '/api/users', 'Accounts', 'admin', 'Create an account', { body: S.createUser, status: 201 }),
  r('get', '/api/users', 'Accounts', 'admin', 'Accounts'),
  r('post', '/api/devices', 'Devices', 'admin', 'Create a device and its pairing code', { body: S.createDevice, status: 201 }),
  r('post', '/api/devices/pair', 'Devices', 'public', 'Pair a device with its code', { body: S.pair }),
  r('get', '/api/devices', 'Devices', 'admin', 'Devices, with their live state', { query: S.querySiteOptional }),
  r('patch', '/api/devices/:id', 'Devices', 'admin', "Rename a device; a kiosk's printer address and its own print settings", { body: S.updateDevice }),
  r('post', '/api/devices/:id/revoke', 'Devices', 'admin', 'Revoke a device (its sockets are cut)'),
  r('post', '/api/devices/:id/pairing-code', 'Devices', 'admin', 'A new pairing code for a device'),
  r('get', '/api/sites', 'Sites', 'any token', 'Sites the token may see'),
  r('post', '/api/sites', 'Sites', 'admin', 'Create a site', { body: S.createSite, status: 201 }),
  r('get', '/api/sites/:id', 'Sites', 'any token of the site', 'A site with its settings'),
  r('patch', '/api/sites/:id/settings', 'Sites', 'admin', "Change a site's settings", { body: S.settings }),
  r('get', '/api/services', 'Sites', 'any token of the site', 'Services of a site', { query: S.querySite }),
  r('post', '/api/services', 'Sites', 'admin', 'Create a service', { body: S.createService, status: 201 }),
  r('patch', '/api/services/:id', 'Sites', 'admin', 'Change a service', { body: S.updateService }),
  r('get', '/api/counters', 'Sites', 'any token of the site', 'Counters of a site', { query: S.querySite }),
  r('post', '/api/counters', 'Sites', 'admin', 'Create a counter', { body: S.createCounter, status: 201 }),
  r('patch', '/api/counters/:id', 'Sites', 'admin', 'Change a counter', { body: S.updateCounter }),
  r('get', '/api/tickets/:id', 'Tickets', 'public (the id is the secret)', "A ticket, without staff fields (today's tickets)"),
  r('get', '/api/queue', 'Tickets', 'any token of the site', 'Waiting counts and the tickets at the counters', { query: S.querySite }),
  r('get', '/api/queue/waiting', 'Tickets', 'staff', 'What waits for a counter, in its calling order', { query: S.queryCounter }),
  r('get', '/api/queue/issue-state', 'Tickets', 'any token of the site', 'Why each service cannot issue now', { query: S.querySite }),
  counterCmd('open', 'Take the seat'),
  counterCmd('pause', 'Pause', omitCounter(S.pause)),
  counterCmd('resume', 'Resume'),
  counterCmd('close', 'Close the counter'),
  counterCmd('call-next', 'Call the next ticket ({ticket:null} when nothing waits)'),
  counterCmd('call', 'Call a specific waiting ticket', omitCounter(S.call)),
  counterCmd('recall', 'Call the current ticket again'),
  counterCmd('no-show', 'Mark the current ticket absent'),
  counterCmd('transfer', "Send the current ticket to another service's queue", omitCounter(S.transfer)),
  counterCmd('complete', 'Complete the current ticket', omitCounter(S.complete)),
  r('post', '/api/ratings', 'Ratings', "the pad of the counter that completed the ticket", 'Rate a ticket', { body: S.rating, status: 201 }),
  r('get', '/api/reports', 'Reports', 'admin, or a key with reports:read', 'Report rows (JSON, CSV or XLSX)', { query: reportQuery, scopes: ['reports:read'], produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] }),
  r('get', '/api/reports/series', 'Reports', 'admin', 'Series of the charts', { query: seriesQuery }),
  r('get', '/api/reports/today', 'Reports', 'admin', "Today's live board", { query: siteQuery }),
  r('get', '/api/reports/transparency', 'Reports', 'display, kiosk or staff of the site', 'The transparency panel of the lobby displays', { query: siteQuery }),
  r('post', '/api/auth/password', 'Accounts', 'signed-in user', 'Change one\'s password (ends the other sessions)', { body: S.changePassword }),
  r('post', '/api/ratings/:ticketId/notes', 'Security', 'admin', 'Annotate a rating (to the audit log)', { body: S.ratingNote, status: 201 }),
  r('get', '/api/ratings/:ticketId/notes', 'Security', 'admin', 'Notes on a rating'),
  r('get', '/api/audit/verify', 'Security', 'admin', 'Check every hash chain now'),
  r('get', '/api/audit/digests', 'Security', 'admin', "Each finished day's digest", { query: S.querySite }),
  r('get', '/api/appointments/options', 'Appointments', 'public', 'Sites and services that take bookings'),
  r('get', '/api/appointments/availability', 'Appointments', 'public', 'Free slots', { query: A.availability }),
  r('post', '/api/appointments', 'Appointments', 'public', 'Book a slot', { body: A.book, status: 201 }),
  r('get', '/api/public/tickets/:id', 'Appointments', 'public', "The ticket page's details"),
  r('get', '/api/appointments/slots', 'Appointments', 'admin', 'Slots of a site', { query: A.slotsQuery }),
  r('put', '/api/appointments/slots', 'Appointments', 'admin', 'Set the slots of a service', { body: A.slots }),
  r('get', '/api/appointments/settings', 'Appointments', 'admin', 'Booking limits of a site', { query: A.siteQuery }),
  r('put', '/api/appointments/settings', 'Appointments', 'admin', 'Set the booking limits', { body: A.settings }),
  r('get', '/api/appointments', 'Appointments', 'staff', 'Bookings of a site', { query: A.list }),
  r('get', '/api/appointments/:code', 'Appointments', 'public with the phone number, or staff', 'A booking by its code', { query: A.lookup.partial() }),
  r('post', '/api/appointments/:code/cancel', 'Appointments', 'public with the phone number, or staff', 'Cancel a booking', { body: A.cancel }),
  r('post', '/api/appointments/:code/check-in', 'Appointments', 'kiosk of the site', 'Check in: the booked ticket', { status: 201 }),
  r('post', '/api/appointments/check-in-card', 'Appointments', 'kiosk of the site', "Check in with the chip ID card's QR text (matched, then kept nowhere)", { body: A.card, status: 201 }),
  r('get', '/api/privacy', 'Personal data', 'admin', 'Retention policy, fields marked personal, last run, requests (docs/privacy.md)'),
  r('put', '/api/privacy/policy', 'Personal data', 'admin', 'Set the retention per kind and the fields marked personal', { body: P.policy }),
  r('post', '/api/privacy/retention/run', 'Personal data', 'admin', 'Erase what expired now'),
  r('post', '/api/privacy/requests', 'Personal data', 'admin', "Register a data subject's request", { body: P.request, status: 201 }),
  r('get', '/api/privacy/subject', 'Personal data', 'admin', 'Everything held about a phone number or appointment code', { query: P.subject }),
  r('post', '/api/privacy/erase', 'Personal data', 'admin', 'Erase everything held about a phone number or appointment code', { body: P.subject }),
  r('get', '/api/demo', 'Running', 'admin', 'What the demo still holds: {demo:{present, siteId, siteName, accounts, devices}}'),
  r('post', '/api/demo/remove', 'Running', 'admin of every site', 'Remove the demo site, its accounts, devices, appointments and history (audited)'),
  r('post', '/api/procedures/import', 'Procedures', 'admin', 'Import procedures: the national JSON array, CSV (text/csv) or XLSX; any bad row → 400 import_invalid with {errors:[{row, message}]}, nothing imported', { query: S.querySite }),
  r('get', '/api/procedures', 'Procedures', 'public', 'Search the catalogue (q: diacritic- and case-insensitive word prefixes; field: a field code)', { query: S.queryProcedures }),
  r('get', '/api/procedures/fields', 'Procedures', 'public', 'The fields (lĩnh vực) of the catalogue with their counts and services', { query: S.querySite }),
  r('patch', '/api/procedures/fields/:code', 'Procedures', 'admin', 'Map a whole field to a service (null: none)', { query: S.querySite, body: S.mapProcedure }),
  r('get', '/api/procedures/:code', 'Procedures', 'public', 'One procedure: documents, fee, processing time, portal URL', { query: S.querySite }),
  r('patch', '/api/procedures/:code', 'Procedures', 'admin', 'Map a procedure to a service (null: its field\'s)', { query: S.querySite, body: S.mapProcedure }),
  r('patch', '/api/sites/:id', 'Sites', 'admin', "A site's name and one-stop settings (agencyCode, dossierPattern, procedureUrlTemplate)", { body: S.updateSite }),
  r('post', '/api/tickets/:id/dossiers', 'Tickets', 'the officer serving the ticket, an admin, or a key with tickets:link', 'Attach a dossier code (mã hồ sơ); 400 invalid_dossier_code', { body: S.linkDossier.omit({ ticketId: true }), scopes: ['tickets:link'] }),
  r('post', '/api/appointments/check-in-card', 'Appointments', 'kiosk of the site', "Check in with the chip ID card's QR (matched, then forgotten)", { body: A.card, status: 201 }),
  r('get', '/api/privacy', 'Personal data', 'admin', 'The retention policy, the last retention run and the register of requests'),
  r('put', '/api/privacy/policy', 'Personal data', 'admin', 'Set how long each kind of personal value is kept', { body: P.policy }),
  r('post', '/api/privacy/retention/run', 'Personal data', 'admin', 'Erase what has expired now'),
  r('post', '/api/privacy/requests', 'Personal data', 'admin', "Register a data subject's request", { body: P.request, status: 201 }),
  r('get', '/api/privacy/subject', 'Personal data', 'admin', 'Everything held about a phone number or an appointment code', { query: P.subject }),
  r('post', '/api/privacy/erase', 'Personal data', 'admin', "Erase a data subject's values", { body: P.subject }),
  r('get', '/api/printers', 'Devices', 'staff of the site', "Printers of the site's kiosks", { query: S.querySite }),
  r('get', '/api/voice', 'Voice', 'admin of the site', "The recorder's clips in recording order, what is recorded, the pack the site uses", { query: S.querySite }),
  r('put', '/api/voice/clips/:name', 'Voice', 'admin of the site', 'Record a clip: a WAV body, cleaned, checked (400 silent, clipped, too quiet, too long), stored as Ogg Opus', { query: S.querySite }),
  r('delete', '/api/voice/clips/:name', 'Voice', 'admin of the site', 'Remove a recorded clip (the shipped one is said again)', { query: S.querySite }),
  r('get', '/api/voice/export', 'Voice', 'admin of the site', "The site's pack as one file (JSON, clips base64)", { query: S.querySite }),
  r('post', '/api/voice/import', 'Voice', 'admin of the site', "Replace the site's pack by an exported file (a missing or corrupt clip refuses it whole)", { query: S.querySite }),
  r('post', '/api/devices/:id/reprint', 'Devices', 'staff of the kiosk\'s site', "Print the kiosk's last ticket again"),
];

export const OPENAPI_ROUTE: RouteDoc = r('get', '/api/openapi.json', 'Running', 'public', 'This document (OpenAPI 3.1)');

/** Every HTTP route of the hub. */
export const ALL_ROUTES: RouteDoc[] = [...HAND_ROUTES, ...Object.values(EVENT_ROUTES), ...Object.values(EVALUATION_ROUTES), OPENAPI_ROUTE];

// One schema layer for every HTTP body, query and socket payload; the server validates with these
// at the edge. Types of request bodies are inferred from them.
import { z } from 'zod';

const id = z.string().min(1).max(64);
const text = (max: number) => z.string().trim().min(1).max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const priority = z.enum(['elderly', 'disability', 'pregnant', 'child', 'merit']);
export const ratingLevel = z.enum(['very_satisfied', 'satisfied', 'unsatisfied']);
const localText = z.strictObject({ vi: text(120), en: z.string().trim().max(120).optional() });

export const serviceHours = z.strictObject({
  sessions: z.array(z.strictObject({ start: hhmm, end: hhmm })).max(6),
  weekdays: z.array(z.number().int().min(1).max(7)).max(7),
  closedDates: z.array(date).max(366).default([]),
});

const printerAddress = z.string().regex(/^tcp:\/\/[a-zA-Z0-9.\-]+:\d{1,5}$/).max(200);
/** A kiosk printer's own settings over the site's (docs/operations.md, Printers); Star has no WPC1258 page. */
export const devicePrinterSettings = z.strictObject({
  paperWidthMm: z.union([z.literal(80), z.literal(58)]).optional(),
  printMode: z.enum(['raster', 'text']).optional(),
  printerType: z.enum(['epson', 'star']).optional(),
  textCodePage: z.enum(['ascii', 'wpc1258']).optional(),
}).refine((p) => !(p.printerType === 'star' && p.textCodePage === 'wpc1258'), { path: ['textCodePage'] });

export const schemas = {
  login: z.strictObject({ username: text(64), password: z.string().min(1).max(256) }),
  createUser: z.strictObject({
    username: z.string().trim().regex(/^[a-zA-Z0-9._-]{2,32}$/), password: z.string().min(6).max(256),
    name: text(80), role: z.enum(['admin', 'officer']), siteIds: z.array(id).max(100).optional(),
  }),
  createSite: z.strictObject({ name: text(120), timeZone: z.string().max(64).optional() }),
  updateSite: z.strictObject({
    name: text(120).optional(),
    agencyCode: z.string().trim().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,39}$/).nullable().optional(),
    dossierPattern: z.string().max(300).refine((p) => { try { new RegExp(p); return true; } catch { return false; } }).nullable().optional(),
    procedureUrlTemplate: z.string().trim().max(500).regex(/^https?:\/\/[^\s]*\{code\}[^\s]*$/).nullable().optional(),
  }),
  createService: z.strictObject({
    siteId: id, code: z.string().regex(/^[A-Z]$/), name: localText,
    dailyCap: z.number().int().min(1).max(9999).nullable().optional(), hours: serviceHours.nullable().optional(),
    active: z.boolean().optional(),
  }),
  updateService: z.strictObject({
    name: localText.optional(), dailyCap: z.number().int().min(1).max(9999).nullable().optional(),
    hours: serviceHours.nullable().optional(), active: z.boolean().optional(),
  }),
  createCounter: z.strictObject({ siteId: id, number: z.number().int().min(1).max(999), name: z.string().trim().max(80).optional(), serviceIds: z.array(id).min(1).max(26) }),
  updateCounter: z.strictObject({ name: z.string().trim().max(80).optional(), serviceIds: z.array(id).min(1).max(26).optional() }),
  createDevice: z.strictObject({
    siteId: id, kind: z.enum(['kiosk', 'display', 'pad']), name: text(80), counterId: id.optional(),
    printer: printerAddress.nullable().optional(),
    printerSettings: devicePrinterSettings.nullable().optional(),
  }),
  updateDevice: z.strictObject({
    name: text(80).optional(),
    printer: printerAddress.nullable().optional(),
    printerSettings: devicePrinterSettings.nullable().optional(),
  }),
  pair: z.strictObject({ code: z.string().trim().min(4).max(16) }),
  issue: z.strictObject({ serviceId: id.optional(), procedureCode: z.string().trim().min(1).max(40).optional(), priority: priority.nullable().optional(), siteId: id.optional() })
    .refine((b) => b.serviceId || b.procedureCode, { path: ['serviceId'] }),
  linkDossier: z.strictObject({ ticketId: id, dossierCode: z.string().trim().min(1).max(64) }),
  mapProcedure: z.strictObject({ serviceId: id.nullable() }),
  queryProcedures: z.strictObject({ siteId: id, q: z.string().max(100).optional(), field: z.string().max(40).optional() }),
  counterRef: z.strictObject({ counterId: id }),
  pause: z.strictObject({ counterId: id, reason: text(200) }),
  call: z.strictObject({ counterId: id, ticketId: id }),
  transfer: z.strictObject({ counterId: id, serviceId: id }),
  complete: z.strictObject({ counterId: id, dossierCode: z.string().trim().max(64).optional() }),
  rating: z.strictObject({
    ticketId: id, level: ratingLevel, reasons: z.array(text(200)).max(10).optional(), comment: z.string().max(500).optional(),
  }),
  siteQuery: z.object({ siteId: id }),
  changePassword: z.strictObject({ currentPassword: z.string().min(1).max(256), newPassword: z.string().min(6).max(256) }),
  ratingNote: z.strictObject({ note: text(1000), date: date.optional() }),
  // Query strings of the GET routes: strict like the bodies (server/security/queries.ts maps routes to them).
  queryNone: z.strictObject({}),
  querySite: z.strictObject({ siteId: id }),
  querySiteOptional: z.strictObject({ siteId: id.optional() }),
  queryCounter: z.strictObject({ counterId: id }),
  settings: z.strictObject({
    agencyName: z.string().trim().max(120).optional(),
    branchName: z.string().trim().max(120).optional(),
    priorityEnabled: z.boolean().optional(),
    ordering: z.strictObject({
      maxPriorityInRow: z.number().int().min(0).max(100),
      maxWaitSeconds: z.number().int().min(0).max(24 * 3600),
      appointmentWindowSeconds: z.number().int().min(0).max(4 * 3600),
    }).optional(),
    recallLimit: z.number().int().min(0).max(10).optional(),
    ratingWindowSeconds: z.number().int().min(10).max(3600).optional(),
    unsatisfiedReasons: z.array(localText).max(20).optional(),
    ticketFooter: z.string().trim().max(200).optional(),
    displayTicker: z.string().trim().max(500).optional(),
    voice: z.strictObject({
      enabled: z.boolean(), repeat: z.number().int().min(1).max(3), chime: z.boolean(),
      // Silence between two clips of a call (ms), and the voice pack the site says its calls with
      // (docs/voice.md; absent: the site's own pack, which falls back clip by clip to the shipped one).
      gapMs: z.number().int().min(0).max(1000).optional(),
      pack: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional(),
    }).optional(),
    showTransparency: z.boolean().optional(),
    paperWidthMm: z.union([z.literal(80), z.literal(58)]).optional(),
    printMode: z.enum(['raster', 'text']).optional(),
    /** The site's printers' command set and text-mode code page (docs/operations.md, Printers). */
    printerType: z.enum(['epson', 'star']).optional(),
    textCodePage: z.enum(['ascii', 'wpc1258']).optional(),
  }),
} as const;

export type Schemas = typeof schemas;
export type Input<K extends keyof Schemas> = z.infer<Schemas[K]>;

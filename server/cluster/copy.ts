// Copy a whole data set from one store to another through the store port (files ↔ PostgreSQL, or
// files → files): every site's days in order (so each day's first line carries the previous day's
// last hash, exactly as at the source), the audit log, the config document, and the other modules'
// documents (appointments, procedures, webhook cursors, privacy…). Both chains are verified, and each
// day's and the audit log's digest must be equal on both ends. `npm run store:copy` (scripts/store-copy.ts).
import { readdir, rm } from 'node:fs/promises';
import type { StorePort } from '../store/port.js';
import type { ConfigDoc } from '../app/config-doc.js';

export interface CopyReport {
  sites: number;
  days: number;
  entries: number;
  audit: number;
  docs: number;
  /** Digest of every day and of the audit log, equal at both ends. */
  digests: { siteId: string; date: string; entries: number; digest: string }[];
}

export class CopyRefused extends Error {}

type WithDocs = StorePort & { listDocs?(prefix: string): Promise<string[]> };

/** Whether a store holds anything (a config, an audit entry or a document). */
export async function isEmpty(store: StorePort): Promise<boolean> {
  if (await store.loadConfig()) return false;
  if ((await store.auditHead()).entries > 0) return false;
  const docs = await (store as WithDocs).listDocs?.('') ?? [];
  return docs.length === 0;
}

export async function copyStore(from: StorePort, to: StorePort, opts: { force?: boolean; log?: (m: string) => void } = {}): Promise<CopyReport> {
  const log = opts.log ?? (() => {});
  const src = await from.verify();
  if (!src.ok) throw new CopyRefused(`the source does not verify: ${src.firstBad?.file}: ${src.firstBad?.message}`);
  if (!(await isEmpty(to))) {
    if (!opts.force) throw new CopyRefused(`the target ${to.where} is not empty (use --force to replace it)`);
    if (to.kind !== 'files') throw new CopyRefused(`the target database ${to.where} is not empty; --force replaces a data dir only: drop and create the database again (docs/operations.md)`);
    // A data dir given with --force is emptied first (the same files would not continue its chains).
    for (const name of await readdir(to.where)) await rm(`${to.where}/${name}`, { recursive: true, force: true });
  }
  const config = await from.loadConfig<ConfigDoc>();
  if (!config) throw new CopyRefused(`the source ${from.where} holds no data`);
  const report: CopyReport = { sites: 0, days: 0, entries: 0, audit: 0, docs: 0, digests: [] };
  // Days: in date order per site, each as one append (one transaction / one fsync).
  for (const site of config.sites) {
    report.sites++;
    for (const date of await from.listDays(site.id)) {
      const entries = (await from.readDay<object>(site.id, date)) ?? [];
      if (entries.length === 0) continue;
      await to.openDay(site.id, date);
      await to.appendDay<object>(site.id, date, 0, (missed) => {
        if (missed.length) throw new CopyRefused(`the target already has day ${site.id} ${date}`);
        return entries;
      });
      const a = await from.dayHead(site.id, date), b = await to.dayHead(site.id, date);
      if (!a || !b || a.digest !== b.digest || a.entries !== b.entries) {
        throw new CopyRefused(`day ${site.id} ${date}: digest differs after the copy (${a?.digest} ≠ ${b?.digest})`);
      }
      report.days++;
      report.entries += entries.length;
      report.digests.push({ siteId: site.id, date, entries: b.entries, digest: b.digest });
      log(`${site.id}  ${date}  ${String(entries.length).padStart(6)} entries  ${b.digest}`);
    }
    await to.closeDay(site.id);
  }
  // The audit log, then the config document (its save appends no audit entry of its own here).
  const audit = await from.openAudit();
  if (audit.length) await to.appendAudit(audit);
  report.audit = audit.length;
  const ah = await from.auditHead(), bh = await to.auditHead();
  if (ah.digest !== bh.digest || ah.entries !== bh.entries) throw new CopyRefused(`audit log: digest differs after the copy (${ah.digest} ≠ ${bh.digest})`);
  report.digests.push({ siteId: '(audit)', date: '', entries: bh.entries, digest: bh.digest });
  await to.saveConfig(config, []);
  // The other modules' documents.
  for (const name of await (from as WithDocs).listDocs?.('') ?? []) {
    const doc = await from.readDoc(name);
    if (doc === null) continue;
    await to.writeDoc(name, doc);
    report.docs++;
  }
  const dst = await to.verify();
  if (!dst.ok) throw new CopyRefused(`the copy does not verify: ${dst.firstBad?.file}: ${dst.firstBad?.message}`);
  return report;
}

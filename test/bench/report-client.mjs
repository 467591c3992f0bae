// The admin's browser in bench (g): a process of its own (as the browser is another machine in a
// centre), asking for year reports back to back for a window of time, so that reading and parsing
// the large answers does not delay the timers of the process that plays the kiosk. Started with
// child_process.fork; says {started} before the first request and {done, reports} at the end.
// argv: hub URL, admin token, window ms, then the report paths to cycle through.
const [url, token, windowMs, ...paths] = process.argv.slice(2);
process.send({ started: true });
const start = performance.now();
const reports = [];
for (let i = 0; i === 0 || performance.now() - start < Number(windowMs); i++) {
  const path = paths[i % paths.length];
  const t = performance.now();
  const r = await fetch(url + path, { headers: { authorization: `Bearer ${token}` } });
  const body = Buffer.from(await r.arrayBuffer());
  if (r.status !== 200) {
    process.send({ error: `year report: ${r.status} ${body.toString('utf8', 0, 300)}` });
    process.exit(1);
  }
  reports.push({ path, ms: Math.round(performance.now() - t), bytes: body.length });
}
process.send({ done: true, reports }, () => process.exit(0));

// Existing hub integration suites, run again with the hub on PostgreSQL (LUOT_DATABASE_URL, a fresh
// database per hub): the same HTTP and socket.io contract on either store.
import './use-postgres.js';
import '../integration/tickets-queue.test.js';
import '../integration/accounts-devices.test.js';

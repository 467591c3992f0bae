// Imported first by hub-on-postgres.test.ts: the integration suites it imports then start each hub
// on a fresh PostgreSQL database (test/integration/support.ts startTestHub).
process.env.LUOT_TEST_STORE = 'postgres';

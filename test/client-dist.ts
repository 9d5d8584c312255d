import { CLIENT_DIST } from '../server/common/folders.js';

/** Where the test setup builds the client and the browser tests serve it from (dist/client unless RINGE_TEST_CLIENT_DIR says otherwise). */
export const TEST_CLIENT_DIST = process.env.RINGE_TEST_CLIENT_DIR ?? CLIENT_DIST;

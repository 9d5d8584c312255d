// Every feature's query declarations (cypher/<feature>.ts beside cypher/<feature>.cypher), by query name.
import * as backup from './backup.js';
import * as bench from './bench.js';
import * as contacts from './contacts.js';
import * as coordination from './coordination.js';
import * as edit from './edit.js';
import * as elements from './elements.js';
import * as graph from './graph.js';
import * as health from './health.js';
import * as history from './history.js';
import * as kle from './kle.js';
import * as me from './me.js';
import * as migrations from './migrations.js';
import * as networks from './networks.js';
import * as nodes from './nodes.js';
import * as paths from './paths.js';
import * as privacy from './privacy.js';
import * as report from './report.js';
import * as rings from './rings.js';
import * as ripple from './ripple.js';
import * as schema from './schema.js';
import * as search from './search.js';
import * as searchHelp from './search-help.js';
import * as seed from './seed.js';
import * as sessions from './sessions.js';
import * as surveys from './surveys.js';
import * as surveyMail from './survey-mail.js';
import * as surveyResults from './survey-results.js';
import * as sync from './sync.js';
import * as sources from './sources.js';
import * as synthetic from './synthetic.js';
import * as ties from './ties.js';
import * as transfer from './transfer.js';
import * as trends from './trends.js';

/** The declarations of each cypher/<feature>.cypher, by feature. */
export const features = {
  backup,
  bench,
  contacts,
  coordination,
  edit,
  elements,
  graph,
  health,
  history,
  kle,
  me,
  migrations,
  networks,
  nodes,
  paths,
  privacy,
  report,
  rings,
  ripple,
  schema,
  search,
  'search-help': searchHelp,
  seed,
  sessions,
  sources,
  surveys,
  'survey-results': surveyResults,
  'survey-mail': surveyMail,
  sync,
  synthetic,
  ties,
  transfer,
  trends,
};

/** Every declaration by query name (names are unique across cypher/, which server/common/queries.ts checks). */
export const declarations = {
  ...backup,
  ...bench,
  ...contacts,
  ...coordination,
  ...edit,
  ...elements,
  ...graph,
  ...health,
  ...history,
  ...kle,
  ...me,
  ...migrations,
  ...networks,
  ...nodes,
  ...paths,
  ...privacy,
  ...report,
  ...rings,
  ...ripple,
  ...schema,
  ...search,
  ...searchHelp,
  ...seed,
  ...sessions,
  ...sources,
  ...surveys,
  ...surveyResults,
  ...surveyMail,
  ...sync,
  ...synthetic,
  ...ties,
  ...transfer,
  ...trends,
};

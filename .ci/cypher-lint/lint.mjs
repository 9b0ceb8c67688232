// Lints Cypher texts with Neo4j's own front end (lintCypherQuery, Cypher 5).
//
// Input (stdin, from `python -m service.cypher_texts neo4j`): {model: {labels,
// relationshipTypes, propertyKeys}, texts: [{origin, line, text, parameters}]}, where
// parameters maps each $name to string|int|float|bool|date|string[]|node[]|map[]
// (node[]: handles, which are element ids on Neo4j).
// Output: ORIGIN:LINE:COL: error|warning: MESSAGE (a repeated warning once), then a summary.
// Exit: 1 if any error, 2 on bad input, 0 otherwise. `--self-test` proves the checker works.
import { lintCypherQuery, testData } from '@neo4j-cypher/language-support';

// The package's recorded registry of a Neo4j 5 server's functions and procedures
// (built-ins, APOC and Graph Data Science): what the production server offers.
const registry = testData.mockSchema;

// The self-test's model; a real run takes the model from its input.
const TEST_MODEL = { labels: ['Company'], relationshipTypes: ['DELIVERS'], propertyKeys: ['id', 'name', 'revenue'] };

const SAMPLES = {
  string: 'x', int: 1, float: 1.5, bool: true, date: '2024-01-01',
  'string[]': ['x'], 'node[]': ['4:x:1'], 'map[]': [{ id: 'x', props: {} }],
};

/** @param {Record<string, string>} parameters */
function schemaFor(model, parameters) {
  const values = {};
  for (const [name, type] of Object.entries(parameters)) {
    if (!(type in SAMPLES)) throw new Error(`unknown parameter type ${type} for $${name}`);
    values[name] = SAMPLES[type];
  }
  return {
    functions: registry.functions,
    procedures: registry.procedures,
    labels: model.labels,
    relationshipTypes: model.relationshipTypes,
    propertyKeys: model.propertyKeys,
    parameters: values,
    defaultLanguage: 'CYPHER 5',
  };
}

/** Diagnostics of one text: [{severity: 'error'|'warning', line, column, message}]. */
function lint(model, text, parameters) {
  const result = lintCypherQuery(text, schemaFor(model, parameters));
  const diagnostics = Array.isArray(result) ? result : result.diagnostics;
  return diagnostics.map((d) => ({
      severity: d.severity === 1 ? 'error' : 'warning',
      line: d.range.start.line,
      column: d.range.start.character + 1,
      message: d.message.split('\n')[0],
    }));
}

function check({ model, texts: items }) {
  let errors = 0;
  let warnings = 0;
  const seen = new Set();
  for (const item of items) {
    for (const d of lint(model, item.text, item.parameters ?? {})) {
      if (d.severity === 'error') errors += 1; else warnings += 1;
      const said = `${item.origin}: ${d.severity}: ${d.message}`;
      if (d.severity === 'warning' && seen.has(said)) continue;
      seen.add(said);
      console.log(`${item.origin}:${item.line + d.line}:${d.column}: ${d.severity}: ${d.message}`);
    }
  }
  console.log(`cypher-lint: ${items.length} texts checked, ${errors} errors, ${warnings} warnings`);
  return errors ? 1 : 0;
}

function selfTest() {
  const cases = [
    ['a good query', true, 'MATCH (c:Company {id: $id}) WITH c, [(c)-[d:DELIVERS]->(x) | x.id] AS ids, coalesce(c.revenue, 0.0) AS revenue ' +
      'RETURN toLower(c.name) AS name, collect(ids) AS ids, date($day) AS day, revenue', { id: 'string', day: 'date' }],
    ['Graph Data Science', true, "CALL gds.pageRank.stream('g') YIELD nodeId, score RETURN gds.util.asNode(nodeId).id AS id, score", {}],
    ['a syntax error', false, 'MATCH (n RETURN n', {}],
    ['an undefined variable', false, 'MATCH (n) RETURN m', {}],
    ['an unknown function', false, 'RETURN notAFunction(1) AS x', {}],
    ['an undeclared parameter', false, 'RETURN $nope AS x', {}],
  ];
  let failed = 0;
  for (const [name, clean, text, parameters] of cases) {
    const errors = lint(TEST_MODEL, text, parameters).filter((d) => d.severity === 'error');
    const ok = clean ? errors.length === 0 : errors.length > 0;
    if (!ok) failed += 1;
    console.log(`self-test ${ok ? 'ok  ' : 'FAIL'} ${name}${errors.length ? `: ${errors[0].message}` : ''}`);
  }
  return failed ? 1 : 0;
}

async function main() {
  if (process.argv.includes('--self-test')) return selfTest();
  let input = '';
  for await (const chunk of process.stdin) input += chunk;
  let document;
  try {
    document = JSON.parse(input);
    const { model, texts } = document ?? {};
    if (!model || !Array.isArray(model.labels) || !Array.isArray(texts)
        || !texts.every((i) => typeof i.text === 'string' && typeof i.origin === 'string')) {
      throw new Error('expected {model: {labels, relationshipTypes, propertyKeys}, texts: [{origin, line, text, parameters}]}');
    }
  } catch (error) {
    console.error(`cypher-lint: bad input: ${error.message}`);
    return 2;
  }
  return check(document);
}

process.exitCode = await main();

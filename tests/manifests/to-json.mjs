#!/usr/bin/env node
// Reads YAML documents on stdin (e.g. `helm template` output) and writes them to stdout as one JSON array,
// leaving out empty documents. The chart tests parse this with System.Text.Json.
import { parseAllDocuments } from "yaml";

let text = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) text += chunk;
const objects = [];
for (const doc of parseAllDocuments(text)) {
  if (doc.errors.length > 0) {
    console.error(`YAML: ${doc.errors[0].message}`);
    process.exit(1);
  }
  const value = doc.toJS();
  if (value !== null && value !== undefined) objects.push(value);
}
process.stdout.write(JSON.stringify(objects));

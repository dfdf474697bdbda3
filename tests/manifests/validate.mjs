#!/usr/bin/env node
// Validates Kubernetes manifests offline against the published OpenAPI schemas.
//
//   node tests/manifests/validate.mjs FILE...
//
// Each FILE holds YAML (one or more documents) or JSON (one object, an array of objects, or a
// `List` whose `items` are objects). Every object is looked up by apiVersion + kind among the
// models of kubernetes-models (built-in API groups), @kubernetes-models/keda and
// @kubernetes-models/argo-workflows, and checked with that model's validate(). A kind none of them
// knows is an error. Prints one line per problem, then "N objects valid" (exit 0) or
// "N of M objects invalid" (exit 1).
//
// Note: the schemas do not forbid unknown fields, so a misspelt field name passes; they do check
// required fields, types, enums and formats (quantities, ports, ...).
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";
import * as kubernetes from "kubernetes-models";
import * as keda from "@kubernetes-models/keda";
import * as argo from "@kubernetes-models/argo-workflows";

// apiVersion + "/" + kind -> model class. Found by walking the packages' exported namespaces: every
// model class carries static apiVersion and kind.
function collectModels(namespaces) {
  const models = new Map();
  const seen = new Set();
  const walk = (value) => {
    if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return;
    seen.add(value);
    if (typeof value === "function") {
      if (typeof value.apiVersion === "string" && typeof value.kind === "string") {
        models.set(`${value.apiVersion}/${value.kind}`, value);
      }
      return;
    }
    for (const key of Object.keys(value)) walk(value[key]);
  };
  namespaces.forEach(walk);
  return models;
}

const models = collectModels([kubernetes, keda, argo]);

function describe(obj) {
  const kind = typeof obj?.kind === "string" ? obj.kind : "<no kind>";
  const name = obj?.metadata?.name ?? obj?.metadata?.generateName ?? "<no name>";
  return `${kind}/${name}`;
}

// Returns the objects a file holds, or throws with a message saying why it cannot be read.
function objectsOf(text, file) {
  const trimmed = text.trimStart();
  let values;
  if (file.endsWith(".json") || trimmed.startsWith("{") || trimmed.startsWith("[")) {
    values = [JSON.parse(text)];
  } else {
    values = [];
    for (const doc of parseAllDocuments(text)) {
      if (doc.errors.length > 0) throw new Error(`YAML: ${doc.errors[0].message}`);
      values.push(doc.toJS());
    }
  }
  const objects = [];
  const add = (value) => {
    if (value === null || value === undefined) return; // an empty YAML document (comments only)
    if (Array.isArray(value)) return value.forEach(add);
    if (typeof value === "object" && (value.kind === "List" || /List$/.test(value.kind ?? "")) && Array.isArray(value.items)) {
      return value.items.forEach(add);
    }
    objects.push(value);
  };
  values.forEach(add);
  return objects;
}

function problemsOf(obj) {
  if (typeof obj !== "object" || Array.isArray(obj)) return ["not an object"];
  if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") return ["apiVersion or kind missing"];
  const Model = models.get(`${obj.apiVersion}/${obj.kind}`);
  if (!Model) return [`unknown kind ${obj.kind} in ${obj.apiVersion}`];
  const problems = [];
  if (!obj.metadata?.name && !obj.metadata?.generateName) problems.push("metadata.name missing");
  try {
    new Model(obj).validate();
  } catch (err) {
    if (Array.isArray(err.errors) && err.errors.length > 0) {
      for (const e of err.errors) problems.push(`${e.instancePath || "/"} ${e.message}`);
    } else {
      problems.push(err.message);
    }
  }
  return problems;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node tests/manifests/validate.mjs FILE...");
  process.exit(2);
}

let total = 0;
let invalid = 0;
for (const file of files) {
  let objects;
  try {
    objects = objectsOf(await readFile(file, "utf8"), file);
  } catch (err) {
    console.log(`${file}: cannot read: ${err.message}`);
    invalid++;
    continue;
  }
  for (const obj of objects) {
    total++;
    const problems = problemsOf(obj);
    if (problems.length > 0) invalid++;
    for (const problem of problems) console.log(`${file}: ${describe(obj)}: ${problem}`);
  }
}

if (invalid === 0) {
  console.log(`${total} objects valid`);
  process.exit(0);
}
console.log(`${invalid} of ${total} objects invalid`);
process.exit(1);

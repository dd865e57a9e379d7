#!/usr/bin/python3
"""validate.py SCHEMADIR SCHEMA FILE: check each JSON line of FILE against
SCHEMA with Debian's python3-jsonschema (draft-07), resolving $ref between
the schemas in SCHEMADIR by their $id.  Exit 0 all valid, 1 otherwise."""
import json
import os
import sys

import jsonschema

schema_dir, schema_name, data_file = sys.argv[1:4]
store = {}
for name in os.listdir(schema_dir):
    if name.endswith(".json"):
        with open(os.path.join(schema_dir, name)) as f:
            doc = json.load(f)
        store[doc["$id"]] = doc
with open(os.path.join(schema_dir, schema_name)) as f:
    schema = json.load(f)
jsonschema.Draft7Validator.check_schema(schema)
resolver = jsonschema.RefResolver.from_schema(schema, store=store)
validator = jsonschema.Draft7Validator(
    schema, resolver=resolver, format_checker=jsonschema.draft7_format_checker)
bad = 0
with open(data_file) as f:
    for number, line in enumerate(f, 1):
        if not line.strip():
            continue
        for error in validator.iter_errors(json.loads(line)):
            bad += 1
            print(f"{data_file}:{number}: {list(error.path)}: {error.message}", file=sys.stderr)
print(f"{data_file}: {'valid' if not bad else f'{bad} errors'}", file=sys.stderr)
sys.exit(1 if bad else 0)

#!/usr/bin/python3
"""Records what Mistral 15's Jinja gives for each case of the Jinja conformance list.

Usage: /usr/bin/python3 scripts/jinja-oracle.py [CASES] [OUTPUT]
(defaults: tests/MistralTemplates.Engine.Tests/TestData/jinja/jinja-cases.jsonl and jinja-oracle.jsonl beside it).

Each case ({"id", "expression", "data"}) is evaluated by Mistral's own Jinja evaluator (python3-mistral 15 with
python3-jinja2 3.1.2, as Debian 12 ships them): a sandboxed environment with strict undefined, Mistral's
functions registered as globals and filters, and a text that is one {{ }} keeping its value's type.
Each output line is {"id", "result"} (the value as json.dumps writes it; an iterator such as
map's counts as the list it yields, as Mistral stores it), {"id", "error"} (Jinja's message), or
{"id", "unrepresentable"} when the value is no JSON value (a Python object).
"""
import json
import os
import sys
import types

import jinja2
from mistral.expressions import jinja_expression

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "tests", "MistralTemplates.Engine.Tests", "TestData", "jinja")


def plain(value):
    """The value as Mistral keeps it in a context: iterators become lists, tuples lists, markup text."""
    if isinstance(value, jinja2.Undefined):
        raise TypeError("undefined value in the result")
    if isinstance(value, (str, bool, int, float)) or value is None:
        return str(value) if isinstance(value, str) else value
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, types.GeneratorType, range)):
        return [plain(v) for v in value]
    raise TypeError(type(value).__name__)


def record(case):
    try:
        value = jinja_expression.InlineJinjaEvaluator.evaluate(case["expression"], case["data"])
    except Exception as e:  # Mistral wraps Jinja's error; the original is the context of its exception.
        cause = e.__context__ or e
        return {"id": case["id"], "error": str(cause)}
    try:
        return {"id": case["id"], "result": json.dumps(plain(value))}
    except (TypeError, ValueError) as e:
        return {"id": case["id"], "unrepresentable": repr(value)}


def main():
    cases = sys.argv[1] if len(sys.argv) > 1 else os.path.join(DATA, "jinja-cases.jsonl")
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(cases), "jinja-oracle.jsonl")
    with open(cases, encoding="utf-8") as f:
        lines = [json.loads(line) for line in f if line.strip()]
    with open(output, "w", encoding="utf-8") as f:
        for case in lines:
            f.write(json.dumps(record(case), ensure_ascii=False) + "\n")
    print(f"{len(lines)} cases recorded in {output} (jinja2 {jinja2.__version__})")


if __name__ == "__main__":
    main()

"""What the interop clients share: reading their arguments, running cases, describing what an SDK raised.

Each client script runs the cases named on its command line against a gateway and prints ONE JSON object on
standard output, `{"<case>": {"ok": <what the SDK returned>} | {"error": <what the SDK raised>}, ...}`, which
`Tests/SwitchboardGatewayTests/SDKInteropTests.swift` asserts on. A case that raises is a result, not a failure of
the script: the error cases expect the SDK's own exception classes. The script exits non-zero, with a message on
standard error, only when it cannot run at all (an SDK missing, an unknown case, a missing setting).
"""

import argparse
import json
import os
import sys
import traceback

# The response headers worth reporting from an error: what a client's retry logic reads.
REPORTED_HEADERS = ("retry-after", "retry-after-ms", "content-type", "x-request-id")


def fail(message):
    """Exits with status 2 and `message` on standard error."""
    print(f"{os.path.basename(sys.argv[0])}: {message}", file=sys.stderr)
    sys.exit(2)


def import_sdk(name):
    """Imports the SDK `name`, or exits saying how to install it into this python."""
    try:
        return __import__(name)
    except ImportError as error:
        fail(
            f"cannot import the {name} SDK in {sys.executable} ({error}); install it with "
            f"`{sys.executable} -m pip install openai anthropic`, or point SWITCHBOARD_INTEROP_PYTHON at a python "
            "that has both SDKs"
        )


def arguments(case_names):
    """Parses `--base-url URL --model ID [--cases a,b,...]`; the gateway key comes from SWITCHBOARD_INTEROP_KEY."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True, help="the gateway, e.g. http://127.0.0.1:8080")
    parser.add_argument("--model", required=True, help="the model that answers, e.g. openai/gpt-6.1-terra")
    parser.add_argument("--broken-model", help="a model whose upstream answers 500 (the open-circuit case)")
    parser.add_argument("--cases", default=",".join(case_names), help="comma-separated cases to run")
    parser.add_argument("--timeout", type=float, default=10.0, help="the client's timeout in seconds")
    options = parser.parse_args()
    options.key = os.environ.get("SWITCHBOARD_INTEROP_KEY")
    if not options.key:
        fail("SWITCHBOARD_INTEROP_KEY is not set; it must hold a key the gateway accepts")
    options.cases = [name for name in options.cases.split(",") if name]
    unknown = [name for name in options.cases if name not in case_names]
    if unknown:
        fail(f"unknown case(s) {', '.join(unknown)}; expected some of {', '.join(case_names)}")
    return options


def describe(error):
    """What an SDK exception says: its class and base classes, status code, error body and retry headers."""
    described = {
        "exception": type(error).__name__,
        "classes": [cls.__name__ for cls in type(error).__mro__],
        "message": str(error),
    }
    status = getattr(error, "status_code", None)
    if status is not None:
        described["status_code"] = status
    body = getattr(error, "body", None)
    if body is not None:
        described["body"] = body
    response = getattr(error, "response", None)
    if response is not None:
        described["headers"] = {name: response.headers[name] for name in REPORTED_HEADERS if name in response.headers}
    if status is None:  # not an answer from the gateway (a timeout, a refused connection, a bug here): say where
        described["traceback"] = traceback.format_exc(limit=4)
    return described


def run(cases, options):
    """Runs the selected `cases` (name -> function of no arguments) and prints their results as one JSON object."""
    results = {}
    for name in options.cases:
        try:
            results[name] = {"ok": cases[name]()}
        except Exception as error:  # the error cases expect the SDK to raise; the test reads what it raised
            results[name] = {"error": describe(error)}
    json.dump(results, sys.stdout, default=str)
    sys.stdout.write("\n")

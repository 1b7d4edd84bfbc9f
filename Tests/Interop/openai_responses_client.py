"""The official openai Python SDK's Responses API against `switchboard serve`: see interop_support.py for the contract.

Cases: a plain response, a streamed one (raw events), the SDK's stream helper (which rebuilds the response from the
events and checks them as it goes), a function-tool round trip not streamed and streamed (the model calls the tool,
the client sends the call and its `function_call_output` back, the model answers), and a stateful request the
stateless gateway refuses (`previous_response_id`).
"""

import json

from interop_support import arguments, import_sdk, run

openai = import_sdk("openai")

CASES = ["plain", "stream", "stream_helper", "tools", "tools_stream", "stateful"]
options = arguments(CASES)


def client():
    return openai.OpenAI(base_url=options.base_url + "/v1", api_key=options.key, max_retries=0, timeout=options.timeout)


TOOLS = [
    {
        "type": "function",
        "name": "get_weather",
        "description": "The weather in a city",
        "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]},
    }
]
QUESTION = [{"role": "user", "content": [{"type": "input_text", "text": "What is the weather in Paris?"}]}]


def usage(usage):
    if usage is None:
        return None
    return {
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
        "cached_tokens": usage.input_tokens_details.cached_tokens,
        "reasoning_tokens": usage.output_tokens_details.reasoning_tokens,
    }


def described(response):
    return {
        "object": response.object,
        "id": response.id,
        "status": response.status,
        "model": response.model,
        "output_types": [item.type for item in response.output],
        "text": response.output_text,
        "metadata": response.metadata,
        "usage": usage(response.usage),
    }


def plain():
    response = client().responses.create(
        model=options.model, instructions="Be brief.", input="Say hello.", metadata={"case": "plain"}, store=False
    )
    return described(response)


def stream():
    events = list(client().responses.create(model=options.model, input="Say hello.", stream=True))
    final = events[-1].response if events and hasattr(events[-1], "response") else None
    return {
        "types": [event.type for event in events],
        "sequence_numbers": [event.sequence_number for event in events],
        "deltas": [event.delta for event in events if event.type == "response.output_text.delta"],
        "done_text": [event.text for event in events if event.type == "response.output_text.done"],
        "final": described(final) if final is not None else None,
    }


def stream_helper():
    with client().responses.stream(model=options.model, input="Say hello.") as stream:
        deltas = [event.delta for event in stream if event.type == "response.output_text.delta"]
        final = stream.get_final_response()
    return {"deltas": deltas, "final": described(final)}


def answer_calls(calls):
    """The client's side of the round trip: runs each call and returns its output item."""
    return [
        {"type": "function_call_output", "call_id": call.call_id, "output": json.dumps({"temperature_c": 18})}
        for call in calls
    ]


def call(item):
    return {"type": item.type, "call_id": item.call_id, "name": item.name, "arguments": json.loads(item.arguments)}


def tools():
    first = client().responses.create(model=options.model, input=QUESTION, tools=TOOLS)
    calls = [item for item in first.output if item.type == "function_call"]
    # As the SDK's guide does it: the output items go back as input, followed by the calls' outputs.
    history = QUESTION + [item.model_dump(exclude_none=True) for item in first.output] + answer_calls(calls)
    second = client().responses.create(model=options.model, input=history, tools=TOOLS)
    return {"first": described(first), "calls": [call(item) for item in calls], "second": described(second)}


def tools_stream():
    calls, argument_deltas = [], []
    with client().responses.stream(model=options.model, input=QUESTION, tools=TOOLS) as stream:
        for event in stream:
            if event.type == "response.function_call_arguments.delta":
                argument_deltas.append(event.delta)
            elif event.type == "response.output_item.done" and event.item.type == "function_call":
                calls.append(event.item)
        first = stream.get_final_response()
    history = QUESTION + [item.model_dump(exclude_none=True) for item in first.output] + answer_calls(calls)
    with client().responses.stream(model=options.model, input=history, tools=TOOLS) as stream:
        text = "".join(event.delta for event in stream if event.type == "response.output_text.delta")
        second = stream.get_final_response()
    return {
        "argument_deltas": argument_deltas,
        "calls": [call(item) for item in calls],
        "first": described(first),
        "text": text,
        "second": described(second),
    }


def stateful():
    client().responses.create(model=options.model, input="Go on.", previous_response_id="resp_earlier")
    return {"unexpected": "the gateway answered a previous_response_id"}


run(
    {
        "plain": plain,
        "stream": stream,
        "stream_helper": stream_helper,
        "tools": tools,
        "tools_stream": tools_stream,
        "stateful": stateful,
    },
    options,
)

"""The official anthropic Python SDK against `switchboard serve`: see interop_support.py for the contract.

Cases: messages.create, messages.stream with its text_stream and get_final_message/get_final_text helpers, tools not
streamed and streamed, models.list(), a wrong key and an unknown model.
"""

from interop_support import arguments, import_sdk, run

anthropic = import_sdk("anthropic")

CASES = ["plain", "stream", "tools", "tools_stream", "models", "wrong_key", "unknown_model"]
options = arguments(CASES)


def client(key=None):
    return anthropic.Anthropic(
        base_url=options.base_url, api_key=key or options.key, max_retries=0, timeout=options.timeout
    )


MESSAGES = [{"role": "user", "content": "Say hello."}]
TOOLS = [
    {
        "name": "get_weather",
        "description": "The weather in a city",
        "input_schema": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]},
    }
]
WEATHER = [{"role": "user", "content": "What is the weather in San Francisco?"}]


def message(message):
    """What a Message says: its blocks, stop reason, model and usage."""
    return {
        "type": message.type,
        "role": message.role,
        "model": message.model,
        "text": "".join(block.text for block in message.content if block.type == "text"),
        "blocks": [block.type for block in message.content],
        "tool_uses": [
            {"id": block.id, "name": block.name, "input": block.input}
            for block in message.content
            if block.type == "tool_use"
        ],
        "stop_reason": message.stop_reason,
        "usage": {
            "input_tokens": message.usage.input_tokens,
            "output_tokens": message.usage.output_tokens,
            "cache_creation_input_tokens": message.usage.cache_creation_input_tokens,
            "cache_read_input_tokens": message.usage.cache_read_input_tokens,
        },
    }


def plain():
    return message(client().messages.create(model=options.model, max_tokens=256, messages=MESSAGES))


def stream():
    with client().messages.stream(model=options.model, max_tokens=256, messages=MESSAGES) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
        final_text = stream.get_final_text()
    return {"pieces": pieces, "final_text": final_text, "final": message(final)}


def tools():
    return message(client().messages.create(model=options.model, max_tokens=1024, messages=WEATHER, tools=TOOLS))


def tools_stream():
    with client().messages.stream(model=options.model, max_tokens=1024, messages=WEATHER, tools=TOOLS) as stream:
        partial_json = [event.partial_json for event in stream if event.type == "input_json"]
        final = stream.get_final_message()
    return {"partial_json": partial_json, "final": message(final)}


def models():
    return {"ids": [model.id for model in client().models.list()]}


def wrong_key():
    client("sk-ant-not-a-gateway-key").messages.create(model=options.model, max_tokens=16, messages=MESSAGES)
    return {"unexpected": "the gateway answered a wrong key"}


def unknown_model():
    client().messages.create(model="no-such-model-anywhere", max_tokens=16, messages=MESSAGES)
    return {"unexpected": "the gateway answered an unknown model"}


run(
    {
        "plain": plain,
        "stream": stream,
        "tools": tools,
        "tools_stream": tools_stream,
        "models": models,
        "wrong_key": wrong_key,
        "unknown_model": unknown_model,
    },
    options,
)

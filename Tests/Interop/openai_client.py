"""The official openai Python SDK against `switchboard serve`: see interop_support.py for the contract.

Cases: plain and streamed chat (with stream_options.include_usage), tools not streamed and streamed, models.list(),
a wrong key, an unknown model, and an open circuit (--broken-model: its upstream answers 500, its breaker opens on the
first failure, and the second request must be answered at once with 503 and Retry-After).
"""

import json

from interop_support import arguments, describe, import_sdk, run

openai = import_sdk("openai")

CASES = ["plain", "stream", "tools", "tools_stream", "models", "wrong_key", "unknown_model", "open_circuit"]
options = arguments(CASES)


def client(key=None):
    return openai.OpenAI(
        base_url=options.base_url + "/v1", api_key=key or options.key, max_retries=0, timeout=options.timeout
    )


MESSAGES = [{"role": "user", "content": "Say hello."}]
TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "The weather in a city",
            "parameters": {"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]},
        },
    }
]
WEATHER = [{"role": "user", "content": "What is the weather in Paris?"}]


def usage(usage):
    if usage is None:
        return None
    described = {
        "prompt_tokens": usage.prompt_tokens,
        "completion_tokens": usage.completion_tokens,
        "total_tokens": usage.total_tokens,
    }
    if usage.prompt_tokens_details is not None:
        described["cached_tokens"] = usage.prompt_tokens_details.cached_tokens
    if usage.completion_tokens_details is not None:
        described["reasoning_tokens"] = usage.completion_tokens_details.reasoning_tokens
    return described


def plain():
    completion = client().chat.completions.create(model=options.model, messages=MESSAGES)
    choice = completion.choices[0]
    return {
        "object": completion.object,
        "model": completion.model,
        "text": choice.message.content,
        "role": choice.message.role,
        "finish_reason": choice.finish_reason,
        "usage": usage(completion.usage),
    }


def stream():
    chunks = list(
        client().chat.completions.create(
            model=options.model, messages=MESSAGES, stream=True, stream_options={"include_usage": True}
        )
    )
    return {
        "chunks": len(chunks),
        "text": "".join(c.choices[0].delta.content or "" for c in chunks if c.choices),
        "roles": [c.choices[0].delta.role for c in chunks if c.choices and c.choices[0].delta.role],
        "finish_reasons": [c.choices[0].finish_reason for c in chunks if c.choices and c.choices[0].finish_reason],
        # With include_usage, the last chunk has no choices and carries the usage; every other chunk has none.
        "last_chunk_choices": len(chunks[-1].choices) if chunks else None,
        "usage": usage(chunks[-1].usage) if chunks else None,
        "chunks_with_usage": sum(1 for c in chunks if c.usage is not None),
    }


def tool_call(call):
    return {"id": call.id, "type": call.type, "name": call.function.name, "arguments": json.loads(call.function.arguments)}


def tools():
    completion = client().chat.completions.create(model=options.model, messages=WEATHER, tools=TOOLS)
    choice = completion.choices[0]
    return {
        "finish_reason": choice.finish_reason,
        "text": choice.message.content,
        "tool_calls": [tool_call(call) for call in choice.message.tool_calls or []],
        "usage": usage(completion.usage),
    }


def tools_stream():
    calls = {}  # index -> the call assembled from its deltas, as an application does it
    finish_reasons = []
    for chunk in client().chat.completions.create(model=options.model, messages=WEATHER, tools=TOOLS, stream=True):
        for choice in chunk.choices:
            if choice.finish_reason:
                finish_reasons.append(choice.finish_reason)
            for delta in choice.delta.tool_calls or []:
                call = calls.setdefault(delta.index, {"id": None, "type": None, "name": "", "arguments": ""})
                call["id"] = delta.id or call["id"]
                call["type"] = delta.type or call["type"]
                if delta.function is not None:
                    call["name"] += delta.function.name or ""
                    call["arguments"] += delta.function.arguments or ""
    assembled = [dict(call, arguments=json.loads(call["arguments"])) for _, call in sorted(calls.items())]
    return {"finish_reasons": finish_reasons, "tool_calls": assembled}


def models():
    return {"ids": [model.id for model in client().models.list()]}


def wrong_key():
    client("sk-not-a-gateway-key").chat.completions.create(model=options.model, messages=MESSAGES)
    return {"unexpected": "the gateway answered a wrong key"}


def unknown_model():
    client().chat.completions.create(model="no-such-model-anywhere", messages=MESSAGES)
    return {"unexpected": "the gateway answered an unknown model"}


def open_circuit():
    if not options.broken_model:
        raise ValueError("the open_circuit case needs --broken-model")
    attempts = []
    for _ in range(2):  # the first failure opens the breaker; the second request meets the open circuit
        try:
            client().chat.completions.create(model=options.broken_model, messages=MESSAGES)
            attempts.append({"unexpected": "the broken upstream answered"})
        except Exception as error:
            attempts.append(describe(error))
    return {"first": attempts[0], "second": attempts[1]}


run(
    {
        "plain": plain,
        "stream": stream,
        "tools": tools,
        "tools_stream": tools_stream,
        "models": models,
        "wrong_key": wrong_key,
        "unknown_model": unknown_model,
        "open_circuit": open_circuit,
    },
    options,
)

"""The official openai Python SDK's embeddings against `switchboard serve`: see interop_support.py for the contract.

Cases: a batch as floats (encoding_format="float"), the same batch with the SDK's default (it asks for base64 and
decodes the little-endian float32 bytes itself), one string with dimensions, token ids as input (refused with 400),
and a chat model named for embeddings (refused with 400).
"""

from interop_support import arguments, import_sdk, run

openai = import_sdk("openai")

CASES = ["float", "default", "single", "token_input", "chat_model"]
options = arguments(CASES)

INPUTS = ["The food was delicious.", "The waiter was friendly."]


def client():
    return openai.OpenAI(base_url=options.base_url + "/v1", api_key=options.key, max_retries=0, timeout=options.timeout)


def described(response):
    return {
        "object": response.object,
        "model": response.model,
        "data": [{"object": item.object, "index": item.index, "embedding": list(item.embedding)} for item in response.data],
        "usage": {"prompt_tokens": response.usage.prompt_tokens, "total_tokens": response.usage.total_tokens},
    }


def float_case():
    return described(client().embeddings.create(model=options.model, input=INPUTS, encoding_format="float"))


def default_case():
    return described(client().embeddings.create(model=options.model, input=INPUTS))


def single_case():
    return described(client().embeddings.create(model=options.model, input="Hello", dimensions=3, user="interop"))


def token_input_case():
    return described(client().embeddings.create(model=options.model, input=[[9906, 1917]], encoding_format="float"))


def chat_model_case():
    return described(client().embeddings.create(model="openai/gpt-6.1-terra", input="Hello", encoding_format="float"))


run(
    {
        "float": float_case,
        "default": default_case,
        "single": single_case,
        "token_input": token_input_case,
        "chat_model": chat_model_case,
    },
    options,
)

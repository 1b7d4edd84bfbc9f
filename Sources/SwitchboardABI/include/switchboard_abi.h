/*
 * switchboard_abi.h — the whole Switchboard plugin boundary.
 *
 * A provider plugin is a shared object that exports one C symbol,
 * `switchboard_plugin_entry_v1`. The host calls it once with its table of
 * services (`swb_host_api`) and receives the plugin's table (`swb_plugin_api`).
 * Only C types cross this boundary: integers, pointers to bytes with lengths,
 * function pointers and opaque context pointers. Requests, responses, stream
 * events, manifests and errors cross as UTF-8 JSON documented in
 * docs/plugin-abi.md.
 *
 * Versioning (SQLite's rule):
 *   - every table starts with `struct_size`, `abi_major`, `abi_minor`;
 *   - tables only grow at the end; a new minor adds fields, never moves them;
 *   - the host refuses another major and accepts an older minor, using only the
 *     fields that minor had; a plugin must check the host's minor (or
 *     `struct_size`) before it uses a field a later minor added.
 *
 * Memory: every `(const char *json, size_t len)` pair handed to a callback is
 * borrowed. It is valid only for the duration of that call; copy it to keep it.
 * Strings are UTF-8 and not necessarily NUL-terminated unless stated.
 *
 * Threads: every callback may be called from any thread. Every function in both
 * tables must be safe to call concurrently.
 */
#ifndef SWITCHBOARD_ABI_H
#define SWITCHBOARD_ABI_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Nullability annotations are a Clang feature; other compilers see them as nothing. */
#if defined(__has_feature)
#if __has_feature(nullability)
#define SWB_HAS_NULLABILITY 1
#endif
#endif
#ifndef SWB_HAS_NULLABILITY
#define _Nonnull
#define _Nullable
#endif

/** Major version: a plugin of another major is refused. */
#define SWB_ABI_MAJOR 1
/**
 * Minor version of this header: 1.1 added `list_models` and `check_health`; 1.2 added flow control
 * (`on_body_paced`, `http_resume`, `on_event_paced`, `resume`: see "Flow control" below); 1.3 added `embed`.
 */
#define SWB_ABI_MINOR 3

/**
 * Flow control (ABI 1.2). A stream's bytes and events cross the boundary twice: the host hands the response body to
 * the plugin (`on_body`), the plugin hands events to the host (`on_event`). A receiver that falls behind answers the
 * `_paced` form of those callbacks with `SWB_FLOW_PAUSE`: the call's data is accepted, and the sender delivers
 * nothing more for that exchange or request until the receiver resumes it (`http_resume`, `resume`). Each pause is
 * followed by exactly one resume; a resume may arrive before the sender has noticed the pause, and then the sender
 * goes on at once. Ending calls (`on_end`, `on_done`) and cancellation are never held back by a pause. A sender
 * uses the `_paced` callback only when the other side's table is recent enough to resume it (checked with the
 * `swb_..._has_...` helpers below); otherwise it calls the plain one, which never pauses.
 */
typedef enum swb_flow {
    /** Go on delivering. */
    SWB_FLOW_CONTINUE = 0,
    /** Accepted; deliver nothing more until resumed. */
    SWB_FLOW_PAUSE = 1,
} swb_flow;

/** Name of the exported entry symbol for ABI major 1. */
#define SWB_ENTRY_SYMBOL_V1 "switchboard_plugin_entry_v1"

/** Severity of a log line a plugin hands to the host. */
typedef enum swb_log_level {
    SWB_LOG_TRACE = 0,
    SWB_LOG_DEBUG = 1,
    SWB_LOG_INFO = 2,
    SWB_LOG_NOTICE = 3,
    SWB_LOG_WARNING = 4,
    SWB_LOG_ERROR = 5,
} swb_log_level;

/**
 * Receives one borrowed JSON document (or string).
 * @param context the caller's context pointer, passed through unchanged.
 * @param json UTF-8 bytes, valid only during the call; NULL when there is no value.
 * @param len number of bytes at `json`.
 */
typedef void (*swb_json_callback)(void *_Nullable context, const char *_Nullable json, size_t len);

/* ------------------------------------------------------------------------- */
/* Host services: what the host lends every plugin.                          */
/* ------------------------------------------------------------------------- */

/**
 * Where the host delivers one HTTP response. The plugin owns `context`.
 *
 * Order: `on_head` at most once, then `on_body` zero or more times, then
 * `on_end` exactly once — also after a cancel, and also when the request never
 * reached the server (then without `on_head`). After `on_end` returns the host
 * never touches the sink again, so `on_end` is where the plugin frees `context`.
 */
typedef struct swb_http_sink {
    /** sizeof(swb_http_sink) as the plugin was compiled. */
    uint32_t struct_size;
    /** Opaque pointer handed back to every callback. */
    void *_Nullable context;
    /**
     * Status line and headers arrived.
     * @param headers_json a JSON array of [name, value] pairs, in wire order.
     */
    void (*_Nonnull on_head)(void *_Nullable context, int32_t status, const char *_Nonnull headers_json, size_t len);
    /** A chunk of the response body arrived. */
    void (*_Nonnull on_body)(void *_Nullable context, const uint8_t *_Nonnull bytes, size_t len);
    /**
     * The exchange is over.
     * @param error_json NULL on success; otherwise a JSON error object
     *        (`{"kind":"timeout","message":"..."}`, kinds as in docs/plugin-abi.md).
     */
    void (*_Nonnull on_end)(void *_Nullable context, const char *_Nullable error_json, size_t len);

    /* --- ABI 1.2 --- */

    /**
     * Like `on_body`, with flow control; NULL when the plugin does not pause. The host calls it instead of `on_body`
     * when it is set; after `SWB_FLOW_PAUSE` it delivers no more body until the plugin calls `http_resume`.
     */
    swb_flow (*_Nullable on_body_paced)(void *_Nullable context, const uint8_t *_Nonnull bytes, size_t len);
} swb_http_sink;

/** Identifies one HTTP exchange started through the host; 0 is never a valid id. */
typedef uint64_t swb_http_id;

/**
 * The table of services the host lends a plugin. Lives for the whole process.
 */
typedef struct swb_host_api {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;

    /** Opaque host pointer; pass it back as the first argument of every service. */
    void *_Nullable host_context;

    /** Writes one log line through the host's logger. `message` is not NUL-terminated. */
    void (*_Nonnull log)(void *_Nullable host_context, swb_log_level level, const char *_Nonnull message, size_t len);

    /**
     * Looks a secret or environment variable up by name.
     * Calls `callback` exactly once, before returning, with the value or with NULL when unset.
     */
    void (*_Nonnull get_secret)(void *_Nullable host_context, const char *_Nonnull name, size_t name_len,
                                void *_Nullable context, swb_json_callback _Nonnull callback);

    /**
     * Starts one HTTP exchange on the host's transport and returns at once.
     * @param request_json `{"method","url","headers":[[n,v]...],"timeout_ms"}`.
     * @param body request body bytes (may be NULL when `body_len` is 0); copied before return.
     * @param sink copied before return; its callbacks run later, on any thread.
     * @return the exchange's id, for `http_cancel`.
     */
    swb_http_id (*_Nonnull http_start)(void *_Nullable host_context, const char *_Nonnull request_json,
                                       size_t request_len, const uint8_t *_Nullable body, size_t body_len,
                                       const swb_http_sink *_Nonnull sink);

    /**
     * Cancels an exchange. Always safe: an unknown or finished id is ignored.
     * The sink still receives `on_end` (with a `cancelled` error) unless it already had.
     */
    void (*_Nonnull http_cancel)(void *_Nullable host_context, swb_http_id id);

    /* --- ABI 1.2 --- */

    /**
     * Resumes an exchange whose `on_body_paced` answered `SWB_FLOW_PAUSE`. Always safe: an unknown or finished id is
     * ignored.
     */
    void (*_Nullable http_resume)(void *_Nullable host_context, swb_http_id id);
} swb_host_api;

/* ------------------------------------------------------------------------- */
/* The plugin's table.                                                        */
/* ------------------------------------------------------------------------- */

/** An instance of a provider, created from settings; opaque to the host. */
typedef struct swb_instance swb_instance;

/** Identifies one request; chosen by the host, unique for the process, never 0. */
typedef uint64_t swb_request_id;

/**
 * Where a plugin delivers the results of one request. The host owns `context`.
 *
 * `on_event` zero or more times, then `on_done` exactly once; nothing after.
 */
typedef struct swb_event_sink {
    uint32_t struct_size;
    void *_Nullable context;
    /** One JSON event (a stream event, or a models/health result). */
    void (*_Nonnull on_event)(void *_Nullable context, const char *_Nonnull json, size_t len);
    /** The request is over: `error_json` is NULL on success, otherwise a JSON error object. */
    void (*_Nonnull on_done)(void *_Nullable context, const char *_Nullable error_json, size_t len);

    /* --- ABI 1.2 --- */

    /**
     * Like `on_event`, with flow control. A plugin whose table has `resume` calls it instead of `on_event` when it is
     * set; after `SWB_FLOW_PAUSE` it delivers no more events of the request until the host calls `resume`.
     */
    swb_flow (*_Nullable on_event_paced)(void *_Nullable context, const char *_Nonnull json, size_t len);
} swb_event_sink;

/** The table a plugin returns from its entry point. Must live for the whole process. */
typedef struct swb_plugin_api {
    uint32_t struct_size;
    uint16_t abi_major;
    uint16_t abi_minor;

    /**
     * The Swift compiler the plugin was built with, "MAJOR.MINOR" (NUL-terminated),
     * or NULL for a plugin with no Swift code. The host refuses a mismatch.
     */
    const char *_Nullable swift_compiler;

    /* --- ABI 1.0 --- */

    /** Hands the manifest JSON to `callback`, before returning. Creates nothing. */
    void (*_Nonnull manifest)(void *_Nullable context, swb_json_callback _Nonnull callback);

    /**
     * Creates an instance from its settings JSON object.
     * @return the instance, or NULL after calling `on_error` with a JSON error object.
     */
    swb_instance *_Nullable (*_Nonnull create)(const char *_Nonnull settings_json, size_t len,
                                               void *_Nullable context, swb_json_callback _Nonnull on_error);

    /** Destroys an instance once no request of it is running. */
    void (*_Nonnull destroy)(swb_instance *_Nonnull instance);

    /**
     * Starts a chat request and returns at once; events arrive through `sink`.
     * @param request_json the request (docs/plugin-abi.md, "ChatRequest").
     * @param sink copied before return.
     */
    void (*_Nonnull start)(swb_instance *_Nonnull instance, swb_request_id request_id, const char *_Nonnull request_json,
                           size_t len, const swb_event_sink *_Nonnull sink);

    /** Cancels a request. Always safe: an unknown or finished id is ignored. */
    void (*_Nonnull cancel)(swb_instance *_Nonnull instance, swb_request_id request_id);

    /* --- ABI 1.1 --- */

    /**
     * Lists the models the instance offers right now (live discovery).
     * Delivers one event `{"type":"models","models":[...]}`, then `on_done`.
     */
    void (*_Nullable list_models)(swb_instance *_Nonnull instance, swb_request_id request_id,
                                  const swb_event_sink *_Nonnull sink);

    /**
     * Checks the instance's health. Delivers one event
     * `{"type":"health","status":"ok"|"degraded"|"unavailable","message":...}`, then `on_done`.
     */
    void (*_Nullable check_health)(swb_instance *_Nonnull instance, swb_request_id request_id,
                                   const swb_event_sink *_Nonnull sink);

    /* --- ABI 1.2 --- */

    /**
     * Resumes a request whose `on_event_paced` answered `SWB_FLOW_PAUSE`. Always safe: an unknown or finished id is
     * ignored.
     */
    void (*_Nullable resume)(swb_instance *_Nonnull instance, swb_request_id request_id);

    /* --- ABI 1.3 --- */

    /**
     * Starts an embeddings request and returns at once; NULL when the plugin has no embeddings. Delivers one event
     * `{"type":"embeddings","model":...,"embeddings":[[...],...],"usage":{...}}`, then `on_done`.
     * @param request_json the request (docs/plugin-abi.md, "EmbeddingRequest").
     * @param sink copied before return.
     */
    void (*_Nullable embed)(swb_instance *_Nonnull instance, swb_request_id request_id,
                            const char *_Nonnull request_json, size_t len, const swb_event_sink *_Nonnull sink);
} swb_plugin_api;

/** Size of the 1.0 table: a plugin declaring minor 0 must be at least this large. */
#define SWB_PLUGIN_API_SIZE_V1_0 (offsetof(swb_plugin_api, list_models))
/** Size of the 1.1 table. */
#define SWB_PLUGIN_API_SIZE_V1_1 (offsetof(swb_plugin_api, resume))
/** Size of the 1.2 table. */
#define SWB_PLUGIN_API_SIZE_V1_2 (offsetof(swb_plugin_api, embed))
/** Size of the 1.3 table. */
#define SWB_PLUGIN_API_SIZE_V1_3 (sizeof(swb_plugin_api))

/** Size of the 1.0 and 1.1 host table: a plugin accepts any host table at least this large. */
#define SWB_HOST_API_SIZE_V1_0 (offsetof(swb_host_api, http_resume))

/** The entry point every ABI-1 plugin exports. Returns NULL to refuse loading. */
typedef const swb_plugin_api *_Nullable (*swb_plugin_entry_v1)(const swb_host_api *_Nonnull host);

/** Smallest valid table size for a plugin declaring `minor` of major 1 (a newer minor needs at least what this header knows). */
static inline size_t swb_plugin_api_required_size(uint16_t minor) {
    return minor == 0   ? SWB_PLUGIN_API_SIZE_V1_0
           : minor == 1 ? SWB_PLUGIN_API_SIZE_V1_1
           : minor == 2 ? SWB_PLUGIN_API_SIZE_V1_2
                        : SWB_PLUGIN_API_SIZE_V1_3;
}

/** Whether `table` (a plugin's) has `list_models` and `check_health` (ABI 1.1). */
static inline int swb_plugin_api_has_discovery(const swb_plugin_api *_Nonnull table) {
    return table->abi_minor >= 1 && table->struct_size >= SWB_PLUGIN_API_SIZE_V1_1;
}

/** Whether `table` (a plugin's) can be resumed after a paused event (ABI 1.2). */
static inline int swb_plugin_api_has_resume(const swb_plugin_api *_Nonnull table) {
    return table->abi_minor >= 2 && table->struct_size >= SWB_PLUGIN_API_SIZE_V1_2 && table->resume != NULL;
}

/** Whether `table` (a plugin's) answers embeddings requests (ABI 1.3). */
static inline int swb_plugin_api_has_embed(const swb_plugin_api *_Nonnull table) {
    return table->abi_minor >= 3 && table->struct_size >= SWB_PLUGIN_API_SIZE_V1_3 && table->embed != NULL;
}

/** Whether `table` (the host's) can resume a paused exchange (ABI 1.2). */
static inline int swb_host_api_has_http_resume(const swb_host_api *_Nonnull table) {
    return table->abi_minor >= 2 && table->struct_size >= sizeof(swb_host_api) && table->http_resume != NULL;
}

/** A copy of `sink` as this header lays it out; fields the sender's older layout lacks are NULL. */
static inline swb_http_sink swb_http_sink_copy(const swb_http_sink *_Nonnull sink) {
    swb_http_sink copy;
    memset(&copy, 0, sizeof copy);
    size_t size = sink->struct_size < sizeof copy ? sink->struct_size : sizeof copy;
    memcpy(&copy, sink, size);
    return copy;
}

/** A copy of `sink` as this header lays it out; fields the sender's older layout lacks are NULL. */
static inline swb_event_sink swb_event_sink_copy(const swb_event_sink *_Nonnull sink) {
    swb_event_sink copy;
    memset(&copy, 0, sizeof copy);
    size_t size = sink->struct_size < sizeof copy ? sink->struct_size : sizeof copy;
    memcpy(&copy, sink, size);
    return copy;
}

#ifdef __cplusplus
}
#endif

#endif /* SWITCHBOARD_ABI_H */

/*
 * A plugin written in C, compiled by the tests into real .so files. Macros choose how it behaves, so one source
 * yields every broken plugin the loader must refuse (and a working one with no Swift in it).
 *
 *   PLUGIN_ID        manifest id (string literal)           default "cplugin"
 *   MANIFEST         whole manifest JSON (string literal)    default: a valid manifest with one model
 *   ABI_MAJOR/MINOR  what the table declares                 default SWB_ABI_MAJOR / SWB_ABI_MINOR
 *   STRUCT_SIZE      what the table declares                 default sizeof(swb_plugin_api)
 *   SWIFT_COMPILER   string literal, or leave undefined for NULL (a plugin with no Swift code)
 *   ENTRY_NAME       name of the exported entry function     default switchboard_plugin_entry_v1
 *   RETURN_NULL      when defined, the entry returns NULL
 *   NO_ENTRY         when defined, no entry point at all
 *   UNRESOLVED       when defined, references a symbol nothing defines (dlopen with RTLD_NOW fails)
 *   CRASH_ON_REQUEST when defined, a request whose metadata has "crash" misbehaves on purpose: "trap", "segfault",
 *                    "abort" die at once; "hang" never answers; "stream_segfault" streams two events, then dies
 *   MISBEHAVE        when defined, the plugin misbehaves while loading or creating, as the string says:
 *                    "entry_segfault", "entry_hang", "manifest_segfault", "manifest_exit", "create_segfault"
 *   (embed)          always set, answering one vector [1, 0.5]: a table declaring an older minor must not be read
 *                    past its size, so a 1.0 or 1.2 build of this file has no embeddings
 *   LATE_CALLS       when defined, every request breaks the sink's "exactly once" rule after answering: two events
 *                    and two more on_done after on_done, then two events through a context the host never issued
 */
#include <stdlib.h>
#include <string.h>
#include "switchboard_abi.h"

#ifndef PLUGIN_ID
#define PLUGIN_ID "cplugin"
#endif
#ifndef MANIFEST
#define MANIFEST "{\"id\":\"" PLUGIN_ID "\",\"name\":\"C plugin\",\"version\":\"0.1.0\",\"models\":[{\"id\":\"c-model\",\"context_window\":4096,\"tier\":\"fast\",\"local\":true}]}"
#endif
#ifndef ABI_MAJOR
#define ABI_MAJOR SWB_ABI_MAJOR
#endif
#ifndef ABI_MINOR
#define ABI_MINOR SWB_ABI_MINOR
#endif
#ifndef STRUCT_SIZE
#define STRUCT_SIZE sizeof(swb_plugin_api)
#endif
#ifndef ENTRY_NAME
#define ENTRY_NAME switchboard_plugin_entry_v1
#endif

#ifdef UNRESOLVED
extern int switchboard_symbol_that_does_not_exist(void);
int use_missing_symbol(void) { return switchboard_symbol_that_does_not_exist(); }
#endif

#ifdef MISBEHAVE
#include <unistd.h>
#define MISBEHAVES(what) (strcmp(MISBEHAVE, what) == 0)
#else
#define MISBEHAVES(what) 0
#endif

__attribute__((unused)) static void crash(void) { *(volatile int *)0 = 1; }

static void manifest(void *context, swb_json_callback callback) {
    if (MISBEHAVES("manifest_segfault")) crash();
    if (MISBEHAVES("manifest_exit")) exit(0);
    callback(context, MANIFEST, strlen(MANIFEST));
}

static int instance_token;

static swb_instance *create(const char *settings, size_t len, void *context, swb_json_callback on_error) {
    (void)settings; (void)len; (void)context; (void)on_error;
    if (MISBEHAVES("create_segfault")) crash();
    return (swb_instance *)&instance_token;
}

static void destroy(swb_instance *instance) { (void)instance; }

static void emit(const swb_event_sink *sink, const char *json) {
    sink->on_event(sink->context, json, strlen(json));
}

#ifdef CRASH_ON_REQUEST
#include <pthread.h>
#include <unistd.h>

static void *segfault_later(void *unused) {
    (void)unused;
    usleep(300000);
    crash();
    return NULL;
}

/* Misbehaves as the request's metadata asks; returns 1 when it did (and the request must not be answered). */
static int misbehave(const char *json, const swb_event_sink *sink) {
    if (strstr(json, "\"crash\":\"trap\"")) __builtin_trap();
    if (strstr(json, "\"crash\":\"segfault\"")) crash();
    if (strstr(json, "\"crash\":\"abort\"")) abort();
    if (strstr(json, "\"crash\":\"hang\"")) return 1;
    if (strstr(json, "\"crash\":\"stream_segfault\"")) {
        pthread_t thread;
        sink->on_event(sink->context, "{\"type\":\"start\",\"model\":\"c-model\"}", 34);
        sink->on_event(sink->context, "{\"type\":\"text_delta\",\"text\":\"partial\"}", 38);
        pthread_create(&thread, NULL, segfault_later, NULL);
        return 1;
    }
    return 0;
}
#endif

/* Answers synchronously: start, "hello from C", usage, finish. */
static void start(swb_instance *instance, swb_request_id id, const char *json, size_t len, const swb_event_sink *sink) {
    (void)instance; (void)id; (void)json; (void)len;
#ifdef CRASH_ON_REQUEST
    /* The request JSON is not NUL-terminated: copy it before searching it. */
    char *text = malloc(len + 1);
    memcpy(text, json, len);
    text[len] = 0;
    int misbehaved = misbehave(text, sink);
    free(text);
    if (misbehaved) return;
#endif
    emit(sink, "{\"type\":\"start\",\"model\":\"c-model\"}");
    emit(sink, "{\"type\":\"text_delta\",\"text\":\"hello from C\"}");
    emit(sink, "{\"type\":\"usage\",\"usage\":{\"input_uncached\":3,\"output_text\":3}}");
    emit(sink, "{\"type\":\"finish\",\"reason\":\"stop\"}");
    sink->on_done(sink->context, NULL, 0);
#ifdef LATE_CALLS
    emit(sink, "{\"type\":\"text_delta\",\"text\":\"late\"}");
    emit(sink, "{\"type\":\"text_delta\",\"text\":\"later\"}");
    sink->on_done(sink->context, NULL, 0);
    sink->on_done(sink->context, NULL, 0);
    sink->on_event((void *)(uintptr_t)0x5eed0000dead, "{}", 2);
    sink->on_event((void *)(uintptr_t)0x5eed0000beef, "{}", 2);
#endif
}

static void cancel(swb_instance *instance, swb_request_id id) { (void)instance; (void)id; }

static void list_models(swb_instance *instance, swb_request_id id, const swb_event_sink *sink) {
    (void)instance; (void)id;
    emit(sink, "{\"type\":\"models\",\"models\":[{\"id\":\"c-live-model\",\"local\":true}]}");
    sink->on_done(sink->context, NULL, 0);
}

/* Answers synchronously: one vector [1, 0.5] per request, whatever it asks. */
static void embed(swb_instance *instance, swb_request_id id, const char *json, size_t len, const swb_event_sink *sink) {
    (void)instance; (void)id; (void)json; (void)len;
    emit(sink, "{\"type\":\"embeddings\",\"model\":\"c-embed\",\"embeddings\":[[1,0.5]],\"usage\":{\"input_uncached\":2}}");
    sink->on_done(sink->context, NULL, 0);
}

static void check_health(swb_instance *instance, swb_request_id id, const swb_event_sink *sink) {
    (void)instance; (void)id;
    emit(sink, "{\"type\":\"health\",\"status\":\"degraded\",\"message\":\"C says degraded\"}");
    sink->on_done(sink->context, NULL, 0);
}

#ifndef NO_ENTRY
const swb_plugin_api *ENTRY_NAME(const swb_host_api *host) {
    static swb_plugin_api table;
    (void)host;
    if (MISBEHAVES("entry_segfault")) crash();
    if (MISBEHAVES("entry_hang")) for (;;) sleep(1);
#ifdef RETURN_NULL
    return NULL;
#endif
    memset(&table, 0, sizeof table);
    table.struct_size = (uint32_t)(STRUCT_SIZE);
    table.abi_major = ABI_MAJOR;
    table.abi_minor = ABI_MINOR;
#ifdef SWIFT_COMPILER
    table.swift_compiler = SWIFT_COMPILER;
#else
    table.swift_compiler = NULL;
#endif
    table.manifest = manifest;
    table.create = create;
    table.destroy = destroy;
    table.start = start;
    table.cancel = cancel;
    table.list_models = list_models;
    table.check_health = check_health;
    /* Set whatever the declared minor: a host must not read past the declared size and minor. */
    table.embed = embed;
    return &table;
}
#else
int not_a_switchboard_plugin(void) { return 42; }
#endif

/*
 * Layout checks for the plugin boundary. These fail the build if a field moves,
 * which would silently break every plugin already built against ABI 1.
 */
#include "switchboard_abi.h"

#if defined(__x86_64__) || defined(__aarch64__)
_Static_assert(offsetof(swb_http_sink, on_end) == 32, "swb_http_sink.on_end moved");
_Static_assert(offsetof(swb_http_sink, on_body_paced) == 40, "swb_http_sink.on_body_paced moved");
_Static_assert(sizeof(swb_http_sink) == 48, "swb_http_sink layout changed");
_Static_assert(offsetof(swb_event_sink, on_event_paced) == 32, "swb_event_sink.on_event_paced moved");
_Static_assert(sizeof(swb_event_sink) == 40, "swb_event_sink layout changed");
_Static_assert(offsetof(swb_host_api, host_context) == 8, "swb_host_api.host_context moved");
_Static_assert(offsetof(swb_host_api, http_cancel) == 40, "swb_host_api.http_cancel moved");
_Static_assert(SWB_HOST_API_SIZE_V1_0 == 48, "ABI 1.0 host table size changed");
_Static_assert(sizeof(swb_host_api) == 56, "swb_host_api layout changed");
_Static_assert(offsetof(swb_plugin_api, swift_compiler) == 8, "swb_plugin_api.swift_compiler moved");
_Static_assert(offsetof(swb_plugin_api, manifest) == 16, "swb_plugin_api.manifest moved");
_Static_assert(offsetof(swb_plugin_api, cancel) == 48, "swb_plugin_api.cancel moved");
_Static_assert(SWB_PLUGIN_API_SIZE_V1_0 == 56, "ABI 1.0 table size changed");
_Static_assert(SWB_PLUGIN_API_SIZE_V1_1 == 72, "ABI 1.1 table size changed");
_Static_assert(SWB_PLUGIN_API_SIZE_V1_2 == 80, "ABI 1.2 table size changed");
_Static_assert(offsetof(swb_plugin_api, embed) == 80, "swb_plugin_api.embed moved");
_Static_assert(SWB_PLUGIN_API_SIZE_V1_3 == 88, "ABI 1.3 table size changed");
#endif

/** The ABI version this copy of the header describes, for code that cannot see macros. */
const uint32_t swb_abi_version_major = SWB_ABI_MAJOR;
const uint32_t swb_abi_version_minor = SWB_ABI_MINOR;

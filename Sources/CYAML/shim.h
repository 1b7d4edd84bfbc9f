// CYAML: the system libyaml (Debian: libyaml-dev, pkg-config yaml-0.1), as the Switchboard
// configuration reader uses it. Only the event API (yaml_parser_parse) is used.
#ifndef SWITCHBOARD_CYAML_SHIM_H
#define SWITCHBOARD_CYAML_SHIM_H

#include <yaml.h>

#endif

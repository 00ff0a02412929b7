/* JSON shapes shared by several API files. Each returns a new reference. */
#ifndef TDKT_WEB_API_H
#define TDKT_WEB_API_H
#include <jansson.h>
#include "core/unit.h"

json_t *api_unit_json(const unit_t *u);

#endif

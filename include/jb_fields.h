/*
 * jb_fields.h — field rules that more than one resource uses.
 */
#ifndef JB_FIELDS_H
#define JB_FIELDS_H

#include "jb_validate.h"

extern const char *const jb_job_types[];
extern const struct jb_field jb_location_fields[];
extern const char *const jb_event_types[];

#endif

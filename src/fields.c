/*
 * fields.c — field rules shared by several resources: the job types and
 * a {"lat","lon"} location (jobs, seekers), and the change feed's event
 * types (/v1/events; the same list as api.event_types()).
 */
#include <stddef.h>

#include "jb_fields.h"

/* clang-format off */
const char *const jb_job_types[] = { "skaanejob", "fleksjob", "ordinary",
    NULL };

const struct jb_field jb_location_fields[] = {
	{ "lat", JB_T_NUMBER, JB_F_REQUIRED, -90, 90, NULL, NULL },
	{ "lon", JB_T_NUMBER, JB_F_REQUIRED, -180, 180, NULL, NULL },
	{ NULL, JB_T_END, 0, 0, 0, NULL, NULL }
};

const char *const jb_event_types[] = { "job.published", "job.updated",
    "job.closed", "job.filled", "seeker.created", "seeker.updated",
    "seeker.erased", "application.created", "application.status_changed",
    "interview.scheduled", "interview.rescheduled", "interview.cancelled",
    "interview.recorded", "placement.created", "placement.ended",
    "follow_up.recorded", NULL };
/* clang-format on */

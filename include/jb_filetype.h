/*
 * jb_filetype.h — what a file is by its first bytes (PDF, PNG, JPEG: the
 * documents we keep), and the Content-Disposition that names a stored
 * file safely whatever its name.
 */
#ifndef JB_FILETYPE_H
#define JB_FILETYPE_H

#include <stddef.h>

#define JB_FILE_MAX (10 * 1024 * 1024) /* bytes of one document */

/* A name of 255 bytes, every byte percent-encoded, and the rest. */
#define JB_DISPOSITION_LEN 1100

const char *jb_filetype_sniff(const void *, size_t);
int jb_filetype_disposition(const char *, char *, size_t);

#endif

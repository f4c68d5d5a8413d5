/*
 * jb_file.h — endpoints whose body is a file (JB_EP_UPLOAD) or whose
 * answer is one (JB_EP_DOWNLOAD): a document's bytes as they are, in
 * and out, with no JSON or base64 between the client and PostgreSQL.
 */
#ifndef JB_FILE_H
#define JB_FILE_H

struct jb_request;

int jb_file_body(struct jb_request *);
int jb_file_answer(struct jb_request *);

#endif

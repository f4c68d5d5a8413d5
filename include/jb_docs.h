/*
 * jb_docs.h — the public pages (src/endpoints/docs.c): the API
 * reference, the contract and the problem types' pages.
 */
#ifndef JB_DOCS_H
#define JB_DOCS_H

int jb_docs_init(void);

#endif

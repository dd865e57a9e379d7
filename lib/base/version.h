/* version.h - wa's version, which every binary prints and every trace
 * entry and User-Agent carries. */
#ifndef WA_VERSION_H
#define WA_VERSION_H

#define WA_VERSION "0.1.0"

#endif

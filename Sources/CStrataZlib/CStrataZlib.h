// The system zlib, which every Swift toolchain image ships with its headers. zlib's init
// functions are macros that pass its version and the stream's size; Swift cannot call macros,
// so they are wrapped here.
#include <zlib.h>

// windowBits 15 is the zlib format ("deflate" content coding, RFC 1950); 31 adds the gzip
// wrapper (RFC 1952); -15 is raw deflate (WebSocket's permessage-deflate, RFC 7692).
static inline int strata_deflate_init(z_streamp stream, int level, int windowBits, int memLevel) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, memLevel, Z_DEFAULT_STRATEGY);
}

static inline int strata_inflate_init(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

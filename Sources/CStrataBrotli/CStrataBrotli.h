// The system Brotli library, used when its headers are installed at build time
// (Debian: libbrotli-dev); Package.swift checks for them.
#include <brotli/encode.h>
#include <brotli/decode.h>

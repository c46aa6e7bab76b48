// The HTTP value types (HTTPStatus, HTTPHeaders, Cookie, MediaType, …), the codecs and the
// built-in template engine are part of every app's vocabulary, so `import Strata` brings
// them along.
@_exported import StrataCodecs
@_exported import StrataHTTP
@_exported import StrataMustache

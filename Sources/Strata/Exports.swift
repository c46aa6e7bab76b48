// The HTTP value types (HTTPStatus, HTTPHeaders, Cookie, MediaType, …) are part of every
// app's vocabulary, so `import Strata` brings them along.
@_exported import StrataHTTP

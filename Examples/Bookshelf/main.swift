import Strata

// swift run -c release Bookshelf [--host 127.0.0.1] [--port 8000]
// Then: curl -i -c jar -d username=ada -d password=lovelace 127.0.0.1:8000/login
//       curl -i -b jar -H 'Content-Type: application/json' \
//            -d '{"title":"Emma","author":"Jane Austen","year":1815,"genre":"novel"}' 127.0.0.1:8000/books
try await Bookshelf().app.run()

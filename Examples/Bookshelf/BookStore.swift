import Foundation
import Strata

/// The books, in memory, behind an actor; it tells watchers of every change.
actor BookStore {
    private var books: [Int: Book] = [:]
    private var nextID = 1
    /// Cover images by book: their bytes and media type.
    private var covers: [Int: (bytes: [UInt8], type: MediaType)] = [:]
    private var watchers: [UUID: AsyncStream<Change>.Continuation] = [:]

    /// One page of the books, by id, optionally of one genre.
    func list(_ query: BookQuery) -> [Book] {
        let size = query.size ?? 20
        let page = query.page ?? 1
        let matching = books.values.filter { query.genre == nil || $0.genre == query.genre }.sorted { $0.id < $1.id }
        return Array(matching.dropFirst((page - 1) * size).prefix(size))
    }

    /// Every book, by id.
    func all() -> [Book] {
        books.values.sorted { $0.id < $1.id }
    }

    func book(_ id: Int) throws -> Book {
        guard let book = books[id] else { throw HTTPError(.notFound, detail: "No book \(id).") }
        return book
    }

    func add(_ new: NewBook) -> Book {
        let book = Book(id: nextID, title: new.title, author: new.author, year: new.year, genre: new.genre)
        nextID += 1
        books[book.id] = book
        publish(Change(kind: .added, book: book))
        return book
    }

    func replace(_ id: Int, with new: NewBook) throws -> Book {
        guard books[id] != nil else { throw HTTPError(.notFound, detail: "No book \(id).") }
        let book = Book(id: id, title: new.title, author: new.author, year: new.year, genre: new.genre)
        books[id] = book
        publish(Change(kind: .updated, book: book))
        return book
    }

    func setCover(_ id: Int, bytes: [UInt8], type: MediaType) throws {
        guard books[id] != nil else { throw HTTPError(.notFound, detail: "No book \(id).") }
        covers[id] = (bytes, type)
    }

    func cover(_ id: Int) throws -> (bytes: [UInt8], type: MediaType) {
        guard let cover = covers[id] else { throw HTTPError(.notFound, detail: "Book \(id) has no cover.") }
        return cover
    }

    func remove(_ id: Int) throws {
        covers[id] = nil
        guard let book = books.removeValue(forKey: id) else { throw HTTPError(.notFound, detail: "No book \(id).") }
        publish(Change(kind: .removed, book: book))
    }

    /// The changes from now on; the stream ends its watch when its reader goes away.
    func changes() -> AsyncStream<Change> {
        let (stream, continuation) = AsyncStream.makeStream(of: Change.self, bufferingPolicy: .bufferingNewest(64))
        let id = UUID()
        watchers[id] = continuation
        continuation.onTermination = { _ in Task { await self.stopWatching(id) } }
        return stream
    }

    private func stopWatching(_ id: UUID) {
        watchers[id] = nil
    }

    private func publish(_ change: Change) {
        for watcher in watchers.values { watcher.yield(change) }
    }
}

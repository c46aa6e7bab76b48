/// A source of items that knows its total, paged by number or offset — Litestar's
/// `AbstractSyncClassicPaginator` and `AbstractSyncOffsetPaginator` in one.
///
/// ```swift partial
/// struct UserList: Paginator {
///     func total() throws -> Int { try db.countUsers() }
///     func items(limit: Int, offset: Int) throws -> [User] { try db.users(limit: limit, offset: offset) }
/// }
/// Get("/users") { request in try UserList().page(size: 20, number: request.query["page"].flatMap(Int.init) ?? 1) }
/// ```
public protocol Paginator {
    /// The item type.
    associatedtype Item: Encodable & Sendable
    /// How many items there are.
    func total() throws -> Int
    /// `limit` items after skipping `offset`.
    func items(limit: Int, offset: Int) throws -> [Item]
}

extension Paginator {
    /// Page `number` (from 1) of pages of `size` items.
    public func page(size: Int, number: Int) throws -> ClassicPagination<Item> {
        let size = max(1, size), number = max(1, number)
        let total = try total()
        return ClassicPagination(items: try items(limit: size, offset: (number - 1) * size), pageSize: size,
                                 currentPage: number, totalPages: (total + size - 1) / size)
    }

    /// `limit` items after `offset`, with the total.
    public func slice(limit: Int, offset: Int) throws -> OffsetPagination<Item> {
        let limit = max(0, limit), offset = max(0, offset)
        return OffsetPagination(items: try items(limit: limit, offset: offset), limit: limit, offset: offset, total: try total())
    }
}

/// The async form of ``Paginator``, for sources that are queried over the network.
public protocol AsyncPaginator {
    /// The item type.
    associatedtype Item: Encodable & Sendable
    /// How many items there are.
    func total() async throws -> Int
    /// `limit` items after skipping `offset`.
    func items(limit: Int, offset: Int) async throws -> [Item]
}

extension AsyncPaginator {
    /// Page `number` (from 1) of pages of `size` items.
    public func page(size: Int, number: Int) async throws -> ClassicPagination<Item> {
        let size = max(1, size), number = max(1, number)
        let total = try await total()
        return ClassicPagination(items: try await items(limit: size, offset: (number - 1) * size), pageSize: size,
                                 currentPage: number, totalPages: (total + size - 1) / size)
    }

    /// `limit` items after `offset`, with the total.
    public func slice(limit: Int, offset: Int) async throws -> OffsetPagination<Item> {
        let limit = max(0, limit), offset = max(0, offset)
        return OffsetPagination(items: try await items(limit: limit, offset: offset), limit: limit, offset: offset, total: try await total())
    }
}

/// A source paged by cursor — Litestar's `AbstractSyncCursorPaginator`.
public protocol CursorPaginator {
    /// The item type.
    associatedtype Item: Encodable & Sendable
    /// The cursor type, e.g. the last item's id.
    associatedtype Cursor: Encodable & Sendable
    /// Up to `limit` items after `cursor` (from the start when `nil`), and the cursor of the
    /// next page (`nil` on the last).
    func items(after cursor: Cursor?, limit: Int) throws -> (items: [Item], next: Cursor?)
}

extension CursorPaginator {
    /// The page after `cursor`.
    public func page(after cursor: Cursor?, resultsPerPage: Int) throws -> CursorPagination<Cursor, Item> {
        let (items, next) = try items(after: cursor, limit: max(1, resultsPerPage))
        return CursorPagination(items: items, resultsPerPage: max(1, resultsPerPage), cursor: next)
    }
}

/// The async form of ``CursorPaginator``.
public protocol AsyncCursorPaginator {
    /// The item type.
    associatedtype Item: Encodable & Sendable
    /// The cursor type.
    associatedtype Cursor: Encodable & Sendable
    /// Up to `limit` items after `cursor`, and the next page's cursor.
    func items(after cursor: Cursor?, limit: Int) async throws -> (items: [Item], next: Cursor?)
}

extension AsyncCursorPaginator {
    /// The page after `cursor`.
    public func page(after cursor: Cursor?, resultsPerPage: Int) async throws -> CursorPagination<Cursor, Item> {
        let (items, next) = try await items(after: cursor, limit: max(1, resultsPerPage))
        return CursorPagination(items: items, resultsPerPage: max(1, resultsPerPage), cursor: next)
    }
}

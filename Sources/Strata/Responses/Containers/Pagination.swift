/// A page of a list addressed by page number: Litestar's `ClassicPagination`.
///
/// Encodes as `{"items":[…],"page_size":10,"current_page":2,"total_pages":7}`.
public struct ClassicPagination<Item: Encodable & Sendable>: Encodable, Sendable {
    /// The items on this page.
    public var items: [Item]
    /// How many items a page holds.
    public var pageSize: Int
    /// This page's number, from 1.
    public var currentPage: Int
    /// How many pages there are.
    public var totalPages: Int

    /// A page.
    public init(items: [Item], pageSize: Int, currentPage: Int, totalPages: Int) {
        self.items = items
        self.pageSize = pageSize
        self.currentPage = currentPage
        self.totalPages = totalPages
    }

    enum CodingKeys: String, CodingKey {
        case items, pageSize = "page_size", currentPage = "current_page", totalPages = "total_pages"
    }
}

/// A slice of a list addressed by offset: Litestar's `OffsetPagination`.
///
/// Encodes as `{"items":[…],"limit":10,"offset":20,"total":73}`.
public struct OffsetPagination<Item: Encodable & Sendable>: Encodable, Sendable {
    /// The items in this slice.
    public var items: [Item]
    /// The most items a slice holds.
    public var limit: Int
    /// How many items come before this slice.
    public var offset: Int
    /// How many items there are in all.
    public var total: Int

    /// A slice.
    public init(items: [Item], limit: Int, offset: Int, total: Int) {
        self.items = items
        self.limit = limit
        self.offset = offset
        self.total = total
    }
}

/// A page addressed by a cursor: Litestar's `CursorPagination`.
///
/// Encodes as `{"items":[…],"results_per_page":10,"cursor":"…"}`, where `cursor` fetches
/// the next page and is `null` on the last.
public struct CursorPagination<Cursor: Encodable & Sendable, Item: Encodable & Sendable>: Encodable, Sendable {
    /// The items on this page.
    public var items: [Item]
    /// How many items a page holds.
    public var resultsPerPage: Int
    /// The cursor of the next page; `nil` on the last page.
    public var cursor: Cursor?

    /// A page.
    public init(items: [Item], resultsPerPage: Int, cursor: Cursor?) {
        self.items = items
        self.resultsPerPage = resultsPerPage
        self.cursor = cursor
    }

    enum CodingKeys: String, CodingKey {
        case items, resultsPerPage = "results_per_page", cursor
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(resultsPerPage, forKey: .resultsPerPage)
        // Litestar writes the key with null on the last page rather than leaving it out.
        try container.encode(cursor, forKey: .cursor)
    }
}

import Strata

/// Who is in which room: the one place the members are kept, so joining, leaving and a
/// broadcast's list of members never race.
actor ChatRooms {
    private var rooms: [String: [Int: WebSocketConnection]] = [:]
    private var nextMember = 0

    /// Adds `socket` to `room`; its number is how it leaves.
    func join(_ room: String, _ socket: WebSocketConnection) -> Int {
        nextMember += 1
        rooms[room, default: [:]][nextMember] = socket
        return nextMember
    }

    func leave(_ room: String, member: Int) {
        rooms[room]?[member] = nil
        if rooms[room]?.isEmpty == true { rooms[room] = nil }
    }

    func members(of room: String) -> [WebSocketConnection] {
        rooms[room].map { Array($0.values) } ?? []
    }

    /// Every room with people in it, and how many.
    func census() -> [RoomCount] {
        rooms.map { RoomCount(room: $0.key, members: $0.value.count) }.sorted { $0.room < $1.room }
    }

    /// Sends `line` to everyone in `room` at once, outside the actor: a member whose socket is
    /// slow holds up only its own send, not the room or the actor.
    nonisolated func broadcast(_ line: ChatLine, to room: String) async {
        let members = await members(of: room)
        await withTaskGroup(of: Void.self) { group in
            for member in members {
                group.addTask { try? await member.send(json: line) }
            }
        }
    }
}

/// One line of the chat as every member receives it.
struct ChatLine: Codable, Sendable, Equatable {
    var user: String
    var text: String
}

/// A room and how many are in it.
struct RoomCount: Codable, Sendable, Equatable {
    var room: String
    var members: Int
}

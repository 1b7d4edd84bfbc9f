/// Who wrote a message.
public enum Role: String, Codable, Sendable, Hashable {
    case system
    case user
    case assistant
    case tool
}

/// One turn of a conversation: a role and its content parts.
///
/// JSON: `{"role":"user","content":[{"type":"text","text":"Hi"}]}`; on input `content` may also be a plain string.
public struct Message: Codable, Sendable, Hashable {
    /// Who wrote the message.
    public var role: Role
    /// The content, in order.
    public var content: [ContentPart]

    /// Creates a message from its parts.
    public init(role: Role, content: [ContentPart]) {
        self.role = role
        self.content = content
    }

    /// Creates a message holding one text part.
    public init(role: Role, text: String) {
        self.init(role: role, content: [.text(text)])
    }

    /// A system message.
    public static func system(_ text: String) -> Message { Message(role: .system, text: text) }
    /// A user message.
    public static func user(_ text: String) -> Message { Message(role: .user, text: text) }
    /// An assistant message.
    public static func assistant(_ text: String) -> Message { Message(role: .assistant, text: text) }

    /// The text parts joined, ignoring every other kind of part.
    public var text: String {
        content.compactMap { if case .text(let text) = $0 { text } else { nil } }.joined()
    }

    private enum CodingKeys: String, CodingKey { case role, content }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        role = try container.decode(Role.self, forKey: .role)
        if let text = try? container.decode(String.self, forKey: .content) {
            content = [.text(text)]
        } else {
            content = try container.decode([ContentPart].self, forKey: .content)
        }
    }
}

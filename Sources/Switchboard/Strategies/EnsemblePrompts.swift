import SwitchboardKit

/// The requests an ensemble sends beyond the original one: a chain's refinement and a best-of's judgement.
enum EnsemblePrompts {
    /// What a chain's refiner is asked after the original conversation and the previous answer.
    static let refineInstruction = """
        Above is a draft answer to this conversation. Improve it: correct any mistakes, fill in anything missing, \
        and keep what is right. Reply with the improved answer only, without commenting on the draft.
        """

    /// What a best-of's judge is told first.
    static let judgeInstruction =
        "You judge answers to a request. Reply with the number of the best answer and nothing else."

    /// The original request, followed by the draft as the assistant's turn and ``refineInstruction`` as the user's.
    static func refinement(of request: ChatRequest, draft: ChatResponse) -> ChatRequest {
        var refined = request
        refined.messages += [.assistant(draft.text), .user(refineInstruction)]
        return refined
    }

    /// A request to the judge: ``judgeInstruction``, then the original conversation as text and the answers numbered
    /// from 1, ending with the question. Keeps the original request's metadata and tags.
    static func judgement(of request: ChatRequest, answers: [ChatResponse]) -> ChatRequest {
        let conversation = request.messages.map { "\($0.role.rawValue): \($0.text)" }.joined(separator: "\n")
        let numbered = answers.enumerated().map { "[\($0.offset + 1)]\n\($0.element.text)" }.joined(separator: "\n\n")
        let prompt = """
            The request:

            \(conversation)

            The answers:

            \(numbered)

            Which answer is best? Reply with its number (1 to \(answers.count)) only.
            """
        return ChatRequest(
            messages: [.system(judgeInstruction), .user(prompt)],
            temperature: 0,
            metadata: request.metadata,
            tags: request.tags
        )
    }

    /// The 0-based index the judge's reply names: its first number, when it lies in 1...`count`.
    static func pick(from reply: String, count: Int) -> Int? {
        let digits = reply.drop { !$0.isASCII || !$0.isNumber }.prefix { $0.isASCII && $0.isNumber }
        guard let number = Int(digits), (1...count).contains(number) else { return nil }
        return number - 1
    }
}

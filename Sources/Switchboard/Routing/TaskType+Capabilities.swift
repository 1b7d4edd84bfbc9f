public import SwitchboardKit

extension SwitchboardConfiguration.TaskType {
    /// Capabilities that help with this task, which the router's score prefers without requiring them:
    /// code generation `code`; code review and error diagnosis `code`, `reasoning`; reasoning `reasoning`;
    /// data interpretation `reasoning`, `json_schema`; workflow generation `tools`, `json_schema`; summarization and
    /// general none.
    package var preferredCapabilities: Set<Capability> {
        switch self {
        case .codeGeneration: [.code]
        case .codeReview, .errorDiagnosis: [.code, .reasoning]
        case .reasoning: [.reasoning]
        case .dataInterpretation: [.reasoning, .jsonSchema]
        case .workflowGeneration: [.tools, .jsonSchema]
        case .summarization, .general: []
        }
    }
}

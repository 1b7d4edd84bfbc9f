public import SwitchboardKit

/// Classifies a request by transparent rules over the text of its last user message (all its text when there is
/// none), tried in order; the first that matches wins, else `general`.
///
/// The text is lower-cased and split into words (letters and digits); a phrase matches when its words occur in a
/// row. The rules, in order:
/// 1. `code_review`: a unified diff (a line starting `diff --git` or `@@ `), or review, code review, pull request,
///    critique, audit;
/// 2. `error_diagnosis`: traceback, stack trace, exception, error, crash(es/ed), segfault, panic, fails, failing,
///    debug, broken;
/// 3. `summarization`: summarize, summarise, summary, tldr, tl dr, key points, condense, recap;
/// 4. `data_interpretation`: three or more lines with the same number (at least two) of commas or tabs (a table), or
///    csv, dataset, data, table, chart, statistics, trend(s), average, correlation, metrics;
/// 5. `workflow_generation`: workflow, pipeline, automate, automation, github actions, ci, runbook, playbook;
/// 6. `code_generation`: a fenced code block, or implement, function, class, script, code, program, refactor, swift,
///    python, javascript, typescript, rust, sql, regex;
/// 7. `reasoning`: why, prove, proof, reason, step by step, explain, calculate, solve, compare, puzzle, logic, math.
public struct KeywordTaskClassifier: TaskClassifier {
    /// Creates the classifier.
    public init() {}

    private static let rules: [(SwitchboardConfiguration.TaskType, [String])] = [
        (.codeReview, ["review", "code review", "pull request", "critique", "audit"]),
        (
            .errorDiagnosis,
            [
                "traceback", "stack trace", "exception", "error", "crash", "crashes", "crashed", "segfault", "panic",
                "fails", "failing", "debug", "broken",
            ]
        ),
        (.summarization, ["summarize", "summarise", "summary", "tldr", "tl dr", "key points", "condense", "recap"]),
        (
            .dataInterpretation,
            [
                "csv", "dataset", "data", "table", "chart", "statistics", "trend", "trends", "average", "correlation",
                "metrics",
            ]
        ),
        (
            .workflowGeneration,
            ["workflow", "pipeline", "automate", "automation", "github actions", "ci", "runbook", "playbook"]
        ),
        (
            .codeGeneration,
            [
                "implement", "function", "class", "script", "code", "program", "refactor", "swift", "python",
                "javascript",
                "typescript", "rust", "sql", "regex",
            ]
        ),
        (
            .reasoning,
            [
                "why", "prove", "proof", "reason", "step by step", "explain", "calculate", "solve", "compare", "puzzle",
                "logic", "math",
            ]
        ),
    ]

    public func classify(_ request: ChatRequest) async -> TaskClassification {
        classify(
            text: request.messages.last { $0.role == .user }?.text
                ?? request.messages.map(\.text).joined(separator: "\n"))
    }

    /// The task type of a prompt.
    public func classify(text: String) -> TaskClassification {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let words = " " + Self.words(text).joined(separator: " ") + " "
        for (task, phrases) in Self.rules {
            if let shape = Self.shape(of: lines, for: task) { return TaskClassification(task: task, reason: shape) }
            if let phrase = phrases.first(where: { words.contains(" \($0) ") }) {
                return TaskClassification(task: task, reason: "matched \"\(phrase)\"")
            }
        }
        return TaskClassification(task: .general, reason: "no rule matched")
    }

    private static func shape(of lines: [Substring], for task: SwitchboardConfiguration.TaskType) -> String? {
        switch task {
        case .codeReview:
            lines.contains { $0.hasPrefix("diff --git") || $0.hasPrefix("@@ ") } ? "contains a unified diff" : nil
        case .dataInterpretation:
            Self.looksTabular(lines) ? "contains a table" : nil
        case .codeGeneration:
            lines.contains { $0.hasPrefix("```") } ? "contains a code block" : nil
        default:
            nil
        }
    }

    private static func looksTabular(_ lines: [Substring]) -> Bool {
        var counts: [Int: Int] = [:]
        for line in lines {
            let separators = line.reduce(0) { $0 + ($1 == "," || $1 == "\t" ? 1 : 0) }
            if separators >= 2 { counts[separators, default: 0] += 1 }
        }
        return counts.values.contains { $0 >= 3 }
    }

    private static func words(_ text: String) -> [Substring] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }
    }
}

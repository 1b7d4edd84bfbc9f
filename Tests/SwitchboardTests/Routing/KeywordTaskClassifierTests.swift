import Switchboard
import SwitchboardKit
import Testing

@Suite("Keyword task classifier")
struct KeywordTaskClassifierTests {
    @Test(arguments: [
        ("Can you review my change to the parser?", "code_review", "matched \"review\""),
        (
            "diff --git a/x.swift b/x.swift\n@@ -1,2 +1,2 @@\n-let a = 1\n+let a = 2", "code_review",
            "contains a unified diff"
        ),
        ("Traceback (most recent call last): KeyError 'id'", "error_diagnosis", "matched \"traceback\""),
        ("My app crashes on launch, what is wrong?", "error_diagnosis", "matched \"crashes\""),
        ("Summarize this article in three bullets", "summarization", "matched \"summarize\""),
        ("TL;DR of the meeting notes please", "summarization", "matched \"tl dr\""),
        ("month,revenue,cost\njan,10,4\nfeb,12,5\nmar,9,6", "data_interpretation", "contains a table"),
        ("What does the correlation between these suggest?", "data_interpretation", "matched \"correlation\""),
        ("Set up a GitHub Actions workflow that builds on Linux", "workflow_generation", "matched \"workflow\""),
        ("Write a Swift function that reverses a list", "code_generation", "matched \"function\""),
        ("```\nlet x = 1\n```\nmake this generic", "code_generation", "contains a code block"),
        ("Why is the sky blue? Explain step by step", "reasoning", "matched \"why\""),
        ("Hello there, how are you?", "general", "no rule matched"),
    ])
    func classifies(prompt: String, task: String, reason: String) {
        let classification = KeywordTaskClassifier().classify(text: prompt)
        #expect(classification.task.rawValue == task)
        #expect(classification.reason == reason)
    }

    @Test func usesTheLastUserMessage() async {
        let request = ChatRequest(
            model: "",
            messages: [
                .system("You review code."), .user("Summarize the thread"), .assistant("ok"),
                .user("Now write a Python script"),
            ])
        #expect(await KeywordTaskClassifier().classify(request).task == .codeGeneration)
    }
}

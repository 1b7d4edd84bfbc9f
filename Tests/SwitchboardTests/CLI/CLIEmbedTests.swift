import Foundation
import SwitchboardKit
import SwitchboardTesting
import Testing

extension CLISuites {
    /// `switchboard embed` against the real OpenAI plugin and a local server answering `/embeddings` as OpenAI does.
    @Suite("switchboard embed")
    struct CLIEmbedTests {
        /// For each input, the vector [0.5, -0.25, 0.125]; 5 prompt tokens per input.
        static func upstream() async throws -> MockHTTPServer {
            try await MockHTTPServer.start { request in
                let count = (try? JSONParser.parse(request.bodyText))?["input"]?.arrayValue?.count ?? 0
                let items = (0..<count).map {
                    #"{"object":"embedding","index":\#($0),"embedding":[0.5,-0.25,0.125]}"#
                }
                return .json(
                    200,
                    #"{"object":"list","data":[\#(items.joined(separator: ","))],"model":"text-embedding-3-small","usage":{"prompt_tokens":\#(count * 5),"total_tokens":\#(count * 5)}}"#
                )
            }
        }

        private func withEmbedder(_ body: (String, MockHTTPServer) async throws -> Void) async throws {
            let server = try await Self.upstream()
            defer { Task { try await server.shutdown() } }
            try await CLIRunner.withDirectory { directory in
                try CLIRunner.writeConfiguration(
                    """
                    providers:
                      openai:
                        plugin: openai
                        settings: {base_url: "\(server.baseURL)/v1", api_key: upstream-secret}
                        models: {gpt-6.1-terra: {}, text-embedding-3-small: {capabilities: [embeddings]}}
                    """, in: directory)
                try await body(directory, server)
            }
        }

        @Test func theSummaryShowsEachVectorAndWhoAnswered() async throws {
            try await withEmbedder { directory, _ in
                let run = try await CLIRunner.run(
                    ["embed", "-m", "openai/text-embedding-3-small", "one", "two"], in: directory)
                #expect(run.status == 0, "\(run.errors)")
                #expect(run.output.contains("[0] 3 dimensions: 0.5000, -0.2500, 0.1250\n"), "\(run.output)")
                #expect(run.output.contains("[1] 3 dimensions: 0.5000, -0.2500, 0.1250\n"), "\(run.output)")
                #expect(
                    run.output.contains("[openai/text-embedding-3-small · 2 vectors · 10 tokens in · $"),
                    "\(run.output)")
            }
        }

        @Test func jsonPrintsTheVectorsAndUsageOfStandardInput() async throws {
            try await withEmbedder { directory, server in
                let run = try await CLIRunner.run(
                    ["embed", "-m", "openai/text-embedding-3-small", "--json", "--dimensions", "3"], in: directory,
                    input: "a text from a pipe\n")
                #expect(run.status == 0, "\(run.errors)")
                let document = try JSONParser.parse(run.output)
                #expect(document["embeddings"] == [[0.5, -0.25, 0.125]])
                #expect(document["usage"] == ["input_tokens": 5, "estimated": false])
                #expect(document["provider"] == "openai")
                #expect(document["attempts"]?.arrayValue?.first?["outcome"] == "success")
                let sent = try JSONParser.parse(try #require(server.requests.last).bodyText)
                #expect(sent["input"] == ["a text from a pipe"])
                #expect(sent["dimensions"] == 3)
            }
        }

        @Test func aChatModelOrABadDimensionIsRefusedSayingWhy() async throws {
            try await withEmbedder { directory, server in
                let chat = try await CLIRunner.run(["embed", "-m", "openai/gpt-6.1-terra", "hi"], in: directory)
                #expect(chat.status != 0)
                #expect(chat.errors.contains("has no `embeddings` capability"), "\(chat.errors)")
                let dimensions = try await CLIRunner.run(
                    ["embed", "-m", "openai/text-embedding-3-small", "--dimensions", "0", "hi"], in: directory)
                #expect(dimensions.status == 2)
                #expect(dimensions.errors.contains("--dimensions must be positive, found 0"), "\(dimensions.errors)")
                #expect(server.requests.isEmpty)
            }
        }
    }
}

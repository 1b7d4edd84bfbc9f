/// libFuzzer entry point: one input as the bytes of a configuration file, decoded the way
/// ``ConfigurationLoader/load(file:profile:)`` decodes what it read (libyaml, the overlay, the decoder and its
/// validation); a configuration that declares profiles is decoded again with its first profile applied.
///
/// Decoding must not trap and may throw only ``ConfigurationError``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let loader = ConfigurationLoader(
        environment: ["HOME": "/nonexistent/home", "OPENAI_API_KEY": "sk-fuzz-0000000000000000", "FUZZ": "fuzz"],
        currentDirectory: "/nonexistent/fuzz",
        homeDirectory: "/nonexistent/home"
    )
    func decode(profile: String?) throws -> SwitchboardConfiguration {
        try loader.decode(
            bytes: bytes, file: "/nonexistent/fuzz/switchboard.yaml",
            source: .file("/nonexistent/fuzz/switchboard.yaml"),
            configurationDirectory: "/nonexistent/fuzz", profile: profile)
    }
    do {
        let configuration = try decode(profile: nil)
        if let profile = configuration.availableProfiles.first { _ = try decode(profile: profile) }
    } catch is ConfigurationError {
    } catch {
        preconditionFailure("decoding threw \(error), not a ConfigurationError")
    }
    return 0
}

// swift-tools-version:6.1
import PackageDescription

// What a provider plugin's package depends on: SwitchboardKit (the plugin SDK) and SwitchboardConformanceKit (its
// tests, which run the conformance checks in the `switchboard` executable). The sources are the root package's own
// (Sources/ holds symbolic links to them); this manifest only leaves out the host's dependencies, which SwiftPM would
// otherwise resolve and check out for every plugin package even though a plugin builds none of them.
let package = Package(
    name: "SwitchboardPluginKit",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "SwitchboardKit", targets: ["SwitchboardKit"]),
        .library(name: "SwitchboardConformanceKit", targets: ["SwitchboardConformanceKit"]),
    ],
    targets: [
        .target(name: "SwitchboardABI"),
        .target(name: "SwitchboardKit", dependencies: ["SwitchboardABI"]),
        .target(name: "SwitchboardConformanceKit", dependencies: ["SwitchboardKit"]),
    ]
)

// The root package's language settings.
for target in package.targets where target.name != "SwitchboardABI" {
    target.swiftSettings = [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}

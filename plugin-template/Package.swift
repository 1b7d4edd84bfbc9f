// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "SkeletonPlugin",
    platforms: [.macOS(.v15)],
    products: [
        // The plugin: libSkeletonPlugin.so, which the Switchboard host loads with dlopen.
        .library(name: "SkeletonPlugin", type: .dynamic, targets: ["SkeletonPlugin"])
    ],
    dependencies: [
        // Switchboard's plugin kit: SwitchboardKit (the plugin SDK) and SwitchboardConformanceKit (the tests' side of
        // the conformance suite, which runs in the `switchboard` executable). Nothing of the host is built here.
        {{SWITCHBOARD_DEPENDENCY}}
    ],
    targets: [
        .target(
            name: "SkeletonPlugin",
            dependencies: [.product(name: "SwitchboardKit", package: "{{SWITCHBOARD_PACKAGE}}")]
        ),
        .testTarget(
            name: "SkeletonPluginTests",
            dependencies: [
                .product(name: "SwitchboardKit", package: "{{SWITCHBOARD_PACKAGE}}"),
                .product(name: "SwitchboardConformanceKit", package: "{{SWITCHBOARD_PACKAGE}}"),
            ]
        ),
    ]
)

for target in package.targets {
    target.swiftSettings = [
        .enableUpcomingFeature("ExistentialAny"),
        .enableUpcomingFeature("MemberImportVisibility"),
        .enableUpcomingFeature("InternalImportsByDefault"),
    ]
}

import SwitchboardABI
import SwitchboardKit

/// The checks between a path and a ``LoadedPlugin``, in order: readable, ELF, `dlopen`, entry symbol, table
/// header, table size, Swift compiler, manifest.
struct PluginOpener {
    let path: String
    let configuration: PluginLoader.Configuration

    private static let hostABI = "\(SWB_ABI_MAJOR).\(SWB_ABI_MINOR)"
    private static let rebuild = "rebuild the plugin against Switchboard ABI \(SWB_ABI_MAJOR).x"

    func open() -> Result<LoadedPlugin, PluginLoadError> {
        switch DynamicLibrary.readPrefix(of: path, count: 4) {
        case .failure(let failure):
            return refuse(.unreadable, "cannot read the file: \(failure.text); check its permissions")
        case .success(let magic) where magic != [0x7F, 0x45, 0x4C, 0x46]:
            return refuse(
                .notSharedObject,
                "expected an ELF shared object, found \(magic.count < 4 ? "a file of \(magic.count) bytes" : "other content"); remove it from the plugin directory or rebuild it with `swift build`"
            )
        case .success:
            break
        }
        let handle: UnsafeMutableRawPointer
        switch DynamicLibrary.open(path) {
        case .failure(let message):
            return refuse(.loadFailed, "the dynamic loader refused it: \(message.text)")
        case .success(let opened):
            handle = opened
        }
        guard let symbol = DynamicLibrary.symbol(SWB_ENTRY_SYMBOL_V1, in: handle) else {
            if let other = (2...9).first(where: {
                DynamicLibrary.symbol("switchboard_plugin_entry_v\($0)", in: handle) != nil
            }) {
                return refuse(
                    .abiMismatch,
                    "expected Switchboard ABI \(SWB_ABI_MAJOR), found a plugin for ABI \(other) (it exports switchboard_plugin_entry_v\(other)); upgrade the host or \(Self.rebuild)"
                )
            }
            return refuse(
                .missingEntryPoint,
                "expected the entry symbol \(SWB_ENTRY_SYMBOL_V1), found none; is this a Switchboard plugin? Export it with PluginExport.entry"
            )
        }
        let services = HostServicesTable(
            pluginPath: path, transport: configuration.transport, secrets: configuration.secrets)
        let entry = unsafeBitCast(symbol, to: swb_plugin_entry_v1.self)
        guard let table = entry(services.table) else {
            return refuse(
                .entryReturnedNull,
                "the entry point returned NULL: the plugin refused to load (this host speaks ABI \(Self.hostABI)); see the host log for the plugin's reason, or \(Self.rebuild)"
            )
        }
        let header = table.pointee
        guard header.abi_major == SWB_ABI_MAJOR else {
            return refuse(
                .abiMismatch,
                "expected Switchboard ABI \(SWB_ABI_MAJOR).x, found \(header.abi_major).\(header.abi_minor); \(Self.rebuild)"
            )
        }
        let required = swb_plugin_api_required_size(header.abi_minor)
        guard Int(header.struct_size) >= required else {
            return refuse(
                .tableTooSmall,
                "ABI \(header.abi_major).\(header.abi_minor) requires a plugin table of at least \(required) bytes, found \(header.struct_size); the plugin is corrupt or was built from a mismatched header: \(Self.rebuild)"
            )
        }
        let compiler = header.swift_compiler.map { String(cString: $0) }
        let warnings: [String]
        switch Self.checkCompiler(compiler, path: path, allowMismatch: configuration.allowCompilerMismatch) {
        case .failure(let error): return .failure(error)
        case .success(let found): warnings = found
        }
        let manifest: PluginManifest
        switch readManifest(table) {
        case .failure(let error): return .failure(error)
        case .success(let found): manifest = found
        }
        return .success(
            LoadedPlugin(
                path: path,
                manifest: manifest,
                abiVersion: (Int(header.abi_major), Int(header.abi_minor)),
                swiftCompiler: compiler,
                warnings: warnings,
                library: PluginLibrary(table: table, services: services)
            )
        )
    }

    /// Opens a file the scanner read, when its first provider instance is created: the trust checks again, then
    /// every check of ``open()``; the manifest's id must still be the scanned one.
    func openScanned(expecting id: String) -> Result<PluginLibrary, PluginLoadError> {
        if let refusal = configuration.trust.check(path) { return .failure(refusal) }
        switch open() {
        case .failure(let error): return .failure(error)
        case .success(let plugin) where plugin.manifest.id != id:
            return refuse(
                .invalidManifest,
                "expected the plugin \"\(id)\" the scan found, found \"\(plugin.manifest.id)\": the file changed since it was scanned; run the command again"
            )
        case .success(let plugin):
            do throws(PluginLoadError) {
                return .success(try plugin.library())
            } catch {
                return .failure(error)
            }
        }
    }

    /// The compiler check: a plugin built by another Swift compiler is refused, or loads with a warning when
    /// `plugins.allow_compiler_mismatch` is set. Shared by the in-process opening and the scanner's results.
    static func checkCompiler(_ compiler: String?, path: String, allowMismatch: Bool) -> Result<
        [String], PluginLoadError
    > {
        guard let compiler, compiler != SwiftCompiler.version else { return .success([]) }
        let message =
            "built with Swift \(compiler), but the host was built with Swift \(SwiftCompiler.version); Swift has no stable ABI on Linux, so rebuild the plugin with Swift \(SwiftCompiler.version)"
        if allowMismatch {
            return .success([message + " (loaded anyway: plugins.allow_compiler_mismatch is set)"])
        }
        return .failure(
            PluginLoadError(
                .compilerMismatch, path: path,
                "expected a plugin built with Swift \(SwiftCompiler.version), found one " + message))
    }

    private func readManifest(_ table: UnsafePointer<swb_plugin_api>) -> Result<PluginManifest, PluginLoadError> {
        final class Box { var bytes: [UInt8]? }
        let box = Box()
        withExtendedLifetime(box) {
            table.pointee.manifest(Unmanaged.passUnretained(box).toOpaque()) { context, json, length in
                guard let context, let json else { return }
                Unmanaged<Box>.fromOpaque(context).takeUnretainedValue().bytes = Array(
                    UnsafeRawBufferPointer(start: json, count: length)
                )
            }
        }
        guard let bytes = box.bytes, !bytes.isEmpty else {
            return refuse(
                .invalidManifest,
                "expected a manifest JSON object, found nothing; the plugin's manifest function returned no data")
        }
        let manifest: PluginManifest
        do {
            manifest = try bytes.withUnsafeBufferPointer { buffer in
                try buffer.withMemoryRebound(to: CChar.self) {
                    try JSONCoding.decode(PluginManifest.self, from: $0.baseAddress, count: $0.count)
                }
            }
        } catch {
            return refuse(
                .invalidManifest,
                "the manifest is not valid: \(error.briefDescription); fix the plugin's manifest (docs/plugin-abi.md)")
        }
        let problems = manifest.validationProblems()
        guard problems.isEmpty else {
            return refuse(
                .invalidManifest,
                "the manifest violates its schema: \(problems.joined(separator: "; ")); fix the plugin's manifest (docs/plugin-abi.md)"
            )
        }
        return .success(manifest)
    }

    private func refuse<Success>(_ code: PluginLoadError.Code, _ message: String) -> Result<Success, PluginLoadError> {
        .failure(PluginLoadError(code, path: path, message))
    }
}

/// Applies a named profile from the `profiles` section: its mapping is deep-merged over the root before decoding.
///
/// Mappings merge key by key (recursively); anything else in the profile replaces what the root has.
enum ProfileOverlay {
    /// The root with the profile applied, and the names of all profiles the file defines.
    /// - Throws: ``ConfigurationError`` when `profiles` is malformed or `name` is not defined.
    static func apply(_ name: String?, to root: YAMLNode, file: String?) throws -> (YAMLNode, [String]) {
        guard let profilesNode = root["profiles"], !profilesNode.isNull else {
            if let name {
                throw ConfigurationError(
                    .invalidValue,
                    "unknown profile `\(name)`: this configuration defines no profiles; add a `profiles:` section or "
                        + "unset SWITCHBOARD_PROFILE / drop --profile",
                    file: file, mark: root.mark, keyPath: "profiles")
            }
            return (root, [])
        }
        guard let pairs = profilesNode.pairs else {
            throw ConfigurationError(
                .type,
                "expected a mapping of profiles (name: overlay), found a \(profilesNode.elements != nil ? "list" : "scalar")",
                file: file, mark: profilesNode.mark, keyPath: "profiles")
        }
        let names = pairs.compactMap(\.key.scalar)
        guard let name else { return (root, names) }
        guard let profile = pairs.first(where: { $0.key.scalar == name })?.value else {
            let known = names.isEmpty ? "none are defined" : "known profiles: \(names.joined(separator: ", "))"
            throw ConfigurationError(
                .invalidValue,
                "unknown profile `\(name)`; \(known).\(ConfigurationError.didYouMean(name, among: names))",
                file: file, mark: profilesNode.mark, keyPath: "profiles")
        }
        if profile.isNull { return (root, names) }
        guard let overlay = profile.pairs else {
            throw ConfigurationError(
                .type,
                "expected profile `\(name)` to be a mapping of settings to overlay, found a \(profile.elements != nil ? "list" : "scalar")",
                file: file, mark: profile.mark, keyPath: "profiles.\(name)")
        }
        if let nested = overlay.first(where: { $0.key.scalar == "profiles" }) {
            throw ConfigurationError(
                .invalidValue, "a profile cannot define `profiles`; move them to the top level",
                file: file, mark: nested.key.mark, keyPath: "profiles.\(name).profiles")
        }
        return (merge(root, profile), names)
    }

    /// `overlay` deep-merged over `base`.
    static func merge(_ base: YAMLNode, _ overlay: YAMLNode) -> YAMLNode {
        guard var pairs = base.pairs, let overlayPairs = overlay.pairs else { return overlay }
        for pair in overlayPairs {
            if let index = pairs.firstIndex(where: { $0.key.scalar == pair.key.scalar }) {
                pairs[index].value = merge(pairs[index].value, pair.value)
            } else {
                pairs.append(pair)
            }
        }
        return YAMLNode(.mapping(pairs), mark: base.mark)
    }
}

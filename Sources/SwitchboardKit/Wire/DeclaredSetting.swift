/// A setting (or a group of settings) declared once, with what the manifest says about it: a ``Setting`` or an
/// ``HTTPSettings``.
public protocol DeclaredSetting: Sendable {
    /// The manifest's descriptors of the setting: usually one, two for an API key and its variable.
    var descriptors: [SettingDescriptor] { get }
}

extension Array where Element == SettingDescriptor {
    /// The descriptors of `settings`, in order, for ``PluginManifest/settings``:
    /// `settings: .declaring(Settings.http, Settings.region)`.
    public static func declaring(_ settings: any DeclaredSetting...) -> [SettingDescriptor] {
        declaring(settings)
    }

    /// The descriptors of `settings`, in order.
    public static func declaring(_ settings: [any DeclaredSetting]) -> [SettingDescriptor] {
        settings.flatMap(\.descriptors)
    }
}

import Foundation

/// The default theme shipped inside sitegen, for `sitegen init`.
public enum BundledTheme {
    public static var folder: URL? {
        Bundle.module.url(forResource: "DefaultTheme", withExtension: nil)
    }
}

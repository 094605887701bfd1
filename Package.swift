// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "sitegen",
    products: [
        .executable(name: "sitegen", targets: ["SitegenCLI"]),
        .executable(name: "sitegen-bench", targets: ["SitegenBench"]),
        .library(name: "SiteGen", targets: ["SiteGen"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        // TOML front matter (`+++`, as Hugo sites write it).
        .package(url: "https://github.com/LebJe/TOMLKit.git", exact: "0.6.0"),
        // Only the tests use swift-mustache: the reference the own template engine is compared with.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", .upToNextMinor(from: "2.1.1")),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // `sitegen deploy`'s S3 uploads: HTTP, and AWS Signature V4 (SHA-256, HMAC) and MD5.
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
    ],
    targets: [
        // cmark-gfm from the system (Debian: libcmark-gfm-dev + libcmark-gfm-extensions-dev;
        // its .pc file links both libraries).
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [
                .apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"]),
                .brew(["cmark-gfm"]),
            ]
        ),
        // libvips for images (Debian: libvips-dev to build, libvips42 to run): sizes, WebP,
        // metadata stripped, share cards. Loaded when the first image needs it (dlopen), so
        // it is not linked: only its headers and GLib's are needed to build.
        .target(
            name: "CVips",
            cSettings: [.unsafeFlags([
                "-I/usr/include/glib-2.0",
                "-I/usr/lib/x86_64-linux-gnu/glib-2.0/include", "-I/usr/lib/aarch64-linux-gnu/glib-2.0/include",
            ])]
        ),
        // Code highlighting at build time with KSyntaxHighlighting, Kate's engine (Debian:
        // libkf5syntaxhighlighting-dev), behind a small C function (see README, Code highlighting).
        .target(
            name: "CHighlight",
            cxxSettings: [.unsafeFlags([
                "-I/usr/include/KF5/KSyntaxHighlighting", "-I/usr/include/KF5",
                "-I/usr/include/x86_64-linux-gnu/qt5", "-I/usr/include/x86_64-linux-gnu/qt5/QtCore", "-I/usr/include/x86_64-linux-gnu/qt5/QtGui",
                "-I/usr/include/aarch64-linux-gnu/qt5", "-I/usr/include/aarch64-linux-gnu/qt5/QtCore", "-I/usr/include/aarch64-linux-gnu/qt5/QtGui",
                "-fPIC", "-std=c++17",
            ])],
            linkerSettings: [.linkedLibrary("KF5SyntaxHighlighting"), .linkedLibrary("Qt5Core")]
        ),
        // Linux calls glibc declares only under _GNU_SOURCE (folder exchange, syncfs, mallopt).
        .target(name: "CLinux"),
        .target(
            name: "SiteGen",
            dependencies: [
                "CCmarkGFM",
                "CVips",
                "CHighlight",
                "CLinux",
                .product(name: "Yams", package: "Yams"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ],
            // The default theme, bundled for `sitegen init`. Templates/ at the top of the
            // repository is a link to it, so the sample site and the binary share one copy.
            // sitegen's own messages (ja/en) are compiled in, so no error waits on a file.
            resources: [
                .copy("Resources/DefaultTheme"),
                .embedInCode("Resources/Messages/messages.en.yml"),
                .embedInCode("Resources/Messages/messages.ja.yml"),
            ]
        ),
        // The development server (`sitegen serve`): its own target, so the build
        // library does not carry the HTTP stack.
        .target(
            name: "SiteServer",
            dependencies: [
                "SiteGen",
                "CLinux",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // `sitegen deploy`: git, S3 and rsync targets, its own target so the build library
        // does not carry the HTTP client.
        .target(
            name: "SiteDeploy",
            dependencies: [
                "SiteGen",
                "CLinux",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "SitegenCLI",
            dependencies: [
                "SiteGen",
                "SiteServer",
                "SiteDeploy",
                "CLinux",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks: writes generated sites and times builds (see README, Performance).
        .executableTarget(
            name: "SitegenBench",
            dependencies: [
                "SiteGen",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "SiteGenTests",
            dependencies: ["SiteGen", "SiteServer", "SiteDeploy", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Corpus"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// swift-tools-version: 6.1
// lenscribe: reads a language model's mind from a GGUF file and publishes what it finds.
// Release builds pass `-Xswiftc -target-cpu -Xswiftc haswell` from the Makefile, not from here:
// unsafeFlags in the manifest would stop the package from being usable as a dependency.
// Tools 6.1 for package traits (Hummingbird without its swift-configuration support).
import PackageDescription

let package = Package(
  name: "lenscribe",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "lenscribe", targets: ["lenscribe"]),
    .library(name: "Engine", targets: ["Engine"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    // `lenscribe serve`. Without the default ConfigurationSupport trait, whose
    // swift-configuration the preview server does not use and need not build.
    .package(
      url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1",
      traits: ["FullFoundation"]),
    // Named for the modules the preview server imports beside Hummingbird (already its own).
    .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CCmark",
      pkgConfig: "libcmark",
      providers: [.apt(["libcmark-dev"])]
    ),
    .target(
      name: "Engine",
      dependencies: [.product(name: "Crypto", package: "swift-crypto")]
    ),
    // The models lenscribe can fetch, and the cache they live in: runs pip, reads wheels.
    .target(
      name: "Registry",
      dependencies: ["Engine", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
    ),
    // `lenscribe trace`: one prompt's activations written as a safetensors file.
    .target(name: "TraceExport", dependencies: ["Engine"]),
    // Every number written for a reader (findings, tables, SVG): one formatter.
    .target(name: "Formatting"),
    .target(name: "Analysis", dependencies: ["Engine", "Formatting"]),
    // Random-weight GGUF models with real vocabularies: the llama.cpp oracle's inputs.
    .target(name: "ModelSynthesis", dependencies: ["Engine"]),
    // Figures know nothing of models or analyses: they draw numbers and labels.
    .target(name: "Figures", dependencies: ["Formatting"]),
    .target(
      name: "Publisher",
      dependencies: [
        "Engine", "Registry", "Analysis", "Figures", "Formatting", "CCmark",
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ]
    ),
    .executableTarget(
      name: "lenscribe",
      dependencies: [
        "Engine", "Registry", "TraceExport", "Analysis", "Figures", "Publisher",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "lenscribe-bench",
      dependencies: ["Engine", "Registry", "Analysis", "ModelSynthesis"],
      path: "Benchmarks"
    ),
    .testTarget(
      name: "EngineTests",
      dependencies: ["Engine", "Registry", "ModelSynthesis"],
      resources: [.copy("Fixtures")]
    ),
    // Headless Chromium driver shared by the browser tests of several test targets.
    .target(name: "BrowserTesting", path: "Tests/BrowserTesting"),
    .testTarget(
      name: "PublisherTests", dependencies: ["Publisher", "Registry", "BrowserTesting", "ModelSynthesis"]),
    .testTarget(
      name: "FiguresTests",
      dependencies: ["Figures", "Engine", "Registry", "BrowserTesting"],
      resources: [.copy("Golden")]
    ),
    .testTarget(name: "lenscribeTests", dependencies: ["Engine", "Registry"]),
    .testTarget(
      name: "AnalysisTests", dependencies: ["Analysis", "Engine", "Registry", "ModelSynthesis"]),
    .testTarget(name: "RegistryTests", dependencies: ["Registry", "Engine"]),
    .testTarget(name: "TraceExportTests", dependencies: ["TraceExport", "Engine", "Registry"]),
    .testTarget(name: "FormattingTests", dependencies: ["Formatting"]),
  ],
  swiftLanguageModes: [.v6]
)

import Testing

/// Tests that start servers, browsers or the CLI. They run one at a time: on a
/// 2-core machine, a Chromium start-up beside a live server test starved it.
@Suite(.serialized) enum LiveProcessTests {}

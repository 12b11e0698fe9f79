#pragma once

#include <QString>

// What the program says about itself, in one place for `--version` (program and commands) and the About box.
namespace ProductInfo {

// "X.Y.Z", from the project version in CMakeLists.txt.
QString version();
// "MIT License": the licence in LICENSE at the root of the source tree.
QString licenseName();
// The `--version` text: "profile-admin X.Y.Z" on the first line, then the licence and copyright.
QString versionText();

} // namespace ProductInfo

#include "ProductInfo.h"

namespace ProductInfo {

QString version()
{
    return QStringLiteral(PROFILE_ADMIN_VERSION);
}

QString licenseName()
{
    return QStringLiteral("MIT License");
}

QString versionText()
{
    return QStringLiteral(
               "profile-admin %1\n"
               "Copyright (c) 2026 The profile-admin developers.\n"
               "Released under the %2: you may use, change and share it freely, without warranty.\n")
        .arg(version(), licenseName());
}

} // namespace ProductInfo

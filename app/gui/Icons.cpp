#include "Icons.h"

#include <QAction>
#include <QApplication>
#include <QHash>
#include <QImageReader>
#include <QStyle>

namespace Icons {

namespace {

// The built-in icon closest in meaning to each of ours.
QIcon standardIcon(const QString &name)
{
    static const QHash<QString, QStyle::StandardPixmap> standard = {
        {QStringLiteral("profile-admin"), QStyle::SP_ComputerIcon},
        {QStringLiteral("no-profile"), QStyle::SP_MessageBoxWarning},
        {QStringLiteral("invalid-value"), QStyle::SP_MessageBoxCritical},
        {QStringLiteral("create-profile"), QStyle::SP_FileIcon},
        {QStringLiteral("create-missing"), QStyle::SP_FileDialogNewFolder},
        {QStringLiteral("save"), QStyle::SP_DialogSaveButton},
        {QStringLiteral("revert"), QStyle::SP_DialogResetButton},
        {QStringLiteral("open-database"), QStyle::SP_DialogOpenButton},
        {QStringLiteral("refresh"), QStyle::SP_BrowserReload},
        {QStringLiteral("set-null"), QStyle::SP_DialogDiscardButton},
        {QStringLiteral("go-first"), QStyle::SP_MediaSkipBackward},
        {QStringLiteral("go-previous"), QStyle::SP_ArrowBack},
        {QStringLiteral("go-next"), QStyle::SP_ArrowForward},
        {QStringLiteral("go-last"), QStyle::SP_MediaSkipForward},
    };
    return QApplication::style()->standardIcon(standard.value(name, QStyle::SP_FileIcon));
}

} // namespace

bool svgAvailable()
{
    static const bool available = QImageReader::supportedImageFormats().contains("svg");
    return available;
}

QIcon icon(const QString &name)
{
    // QIcon parses the SVG on first paint only; the cache saves the lookups of delegates painting every row.
    static QHash<QString, QIcon> cache;
    auto it = cache.find(name);
    if (it == cache.end())
        it = cache.insert(name, svgAvailable() ? QIcon(QStringLiteral(":/icons/%1.svg").arg(name))
                                               : standardIcon(name));
    return *it;
}

void apply(QAction *action, const QString &name)
{
    action->setIcon(icon(name));
}

} // namespace Icons

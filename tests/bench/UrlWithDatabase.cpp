#include "UrlWithDatabase.h"

#include <QStringList>
#include <QUrl>

DatabaseUrl urlWithDatabase(const DatabaseUrl &base, const QString &scheme, const QString &name)
{
    QString text = scheme + QStringLiteral("://");
    if (!base.user().isEmpty()) {
        text += QString::fromLatin1(QUrl::toPercentEncoding(base.user()));
        if (!base.password().isEmpty())
            text += QLatin1Char(':') + QString::fromLatin1(QUrl::toPercentEncoding(base.password()));
        text += QLatin1Char('@');
    }
    text += base.host();
    if (base.port() > 0)
        text += QLatin1Char(':') + QString::number(base.port());
    text += QLatin1Char('/') + QString::fromLatin1(QUrl::toPercentEncoding(name));
    QStringList query;
    const auto options = base.options();
    for (auto it = options.cbegin(); it != options.cend(); ++it)
        query << it.key() + QLatin1Char('=') + QString::fromLatin1(QUrl::toPercentEncoding(it.value()));
    if (!query.isEmpty())
        text += QLatin1Char('?') + query.join(QLatin1Char('&'));
    QString error;
    return DatabaseUrl::parse(text, &error);
}

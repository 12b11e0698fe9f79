#include "DjangoProject.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>
#include <QUrlQuery>

namespace {

DjangoField fieldFrom(const QJsonObject &object)
{
    DjangoField field;
    field.name = object.value(QLatin1String("name")).toString();
    field.column = object.value(QLatin1String("column")).toString();
    field.type = object.value(QLatin1String("type")).toString();
    field.null = object.value(QLatin1String("null")).toBool();
    field.blank = object.value(QLatin1String("blank")).toBool();
    field.primaryKey = object.value(QLatin1String("primary_key")).toBool();
    field.autoNow = object.value(QLatin1String("auto_now")).toBool();
    field.autoNowAdd = object.value(QLatin1String("auto_now_add")).toBool();
    for (const QJsonValue &choice : object.value(QLatin1String("choices")).toArray())
        field.choices << choice.toArray().at(0).toString();
    const QJsonObject defaultObject = object.value(QLatin1String("default")).toObject();
    const QString kind = defaultObject.value(QLatin1String("kind")).toString();
    if (kind == QLatin1String("constant")) {
        field.defaultKind = DjangoField::Default::Constant;
        field.constant = defaultObject.value(QLatin1String("value"));
    } else if (kind == QLatin1String("callable")) {
        field.defaultKind = DjangoField::Default::Callable;
        field.callable = defaultObject.value(QLatin1String("callable")).toString();
    } else if (kind == QLatin1String("unsupported")) {
        field.defaultKind = DjangoField::Default::Unsupported;
        field.callable = defaultObject.value(QLatin1String("repr")).toString();
    }
    return field;
}

// A server URL of `scheme` from the settings' parts; socketKey names the query item a socket path given as
// HOST becomes (a socket is no URL host), and `passedOn` the OPTIONS the URL can carry.
DatabaseUrl serverUrlFrom(const QString &scheme, const QString &socketKey, const QStringList &passedOn,
                          const QJsonObject &object, QStringList *ignored, QString *error)
{
    QUrlQuery query;
    const QString host = object.value(QLatin1String("host")).toString();
    const bool socketPath = host.startsWith(QLatin1Char('/'));
    if (socketPath)
        query.addQueryItem(socketKey, host);
    const QJsonObject options = object.value(QLatin1String("options")).toObject();
    for (auto it = options.constBegin(); it != options.constEnd(); ++it) {
        if (passedOn.contains(it.key()))
            query.addQueryItem(it.key() == QLatin1String("ssl_mode") ? QStringLiteral("ssl-mode") : it.key(),
                               it.value().toVariant().toString());
        else
            ignored->append(it.key());
    }
    for (const QJsonValue &key : object.value(QLatin1String("ignored_options")).toArray())
        ignored->append(key.toString());
    QString text = scheme + QStringLiteral("://");
    const QString user = object.value(QLatin1String("user")).toString();
    if (!user.isEmpty())
        text += QString::fromUtf8(QUrl::toPercentEncoding(user)) + QLatin1Char('@');
    if (!socketPath)
        text += host.contains(QLatin1Char(':')) ? QLatin1Char('[') + host + QLatin1Char(']') : host;
    const QString port = object.value(QLatin1String("port")).toString();
    if (!port.isEmpty())
        text += QLatin1Char(':') + port;
    text += QLatin1Char('/') +
            QString::fromUtf8(QUrl::toPercentEncoding(object.value(QLatin1String("name")).toString()));
    if (!query.isEmpty())
        text += QLatin1Char('?') + query.toString(QUrl::FullyEncoded);
    DatabaseUrl url = DatabaseUrl::parse(text, error);
    if (url.isValid())
        url.setPassword(object.value(QLatin1String("password")).toString());
    return url;
}

// The connection DATABASES['default'] describes. The password is set on the parsed URL, never put into
// text, so that no URL string holding it ever exists.
DatabaseUrl databaseFrom(const QJsonObject &object, QStringList *ignored, QString *passedOnWords,
                         QString *error)
{
    const QString vendor = object.value(QLatin1String("vendor")).toString();
    if (vendor == QLatin1String("sqlite"))
        return DatabaseUrl::parse(object.value(QLatin1String("name")).toString(), error);
    if (vendor == QLatin1String("postgresql")) {
        static const QStringList passedOn{
            QStringLiteral("sslmode"),          QStringLiteral("connect_timeout"),
            QStringLiteral("application_name"), QStringLiteral("sslrootcert"),
            QStringLiteral("sslcert"),          QStringLiteral("sslkey"),
            QStringLiteral("sslcrl"),           QStringLiteral("target_session_attrs")};
        *passedOnWords =
            QStringLiteral("sslmode, connect_timeout, application_name, target_session_attrs and "
                           "the ssl files");
        return serverUrlFrom(QStringLiteral("postgres"), QStringLiteral("host"), passedOn, object, ignored,
                             error);
    }
    if (vendor == QLatin1String("mysql")) {
        // Django's MySQL backend passes OPTIONS to mysqlclient; these three mean the same in a mysql:// URL.
        static const QStringList passedOn{QStringLiteral("unix_socket"), QStringLiteral("connect_timeout"),
                                          QStringLiteral("ssl_mode")};
        *passedOnWords = QStringLiteral("unix_socket, connect_timeout and ssl_mode");
        return serverUrlFrom(QStringLiteral("mysql"), QStringLiteral("unix_socket"), passedOn, object,
                             ignored, error);
    }
    *error =
        QStringLiteral("The project's default database uses %1, which profile-admin does not support; it "
                       "works with SQLite, PostgreSQL and MySQL/MariaDB.")
            .arg(object.value(QLatin1String("engine")).toString());
    return {};
}

} // namespace

QString DjangoField::describeDefault() const
{
    switch (defaultKind) {
    case Default::None:
        return {};
    case Default::Callable:
        return callable + QStringLiteral("()");
    case Default::Unsupported:
        return callable;
    case Default::Constant:
        break;
    }
    if (constant.isNull())
        return QStringLiteral("None");
    if (constant.isBool())
        return constant.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    if (constant.isDouble())
        return constant.toVariant().toString();
    return QLatin1Char('\'') + constant.toString() + QLatin1Char('\'');
}

const DjangoField *DjangoModel::field(const QString &column) const
{
    for (const DjangoField &candidate : fields) {
        if (candidate.column == column)
            return &candidate;
    }
    return nullptr;
}

DjangoProject DjangoProject::fromJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonObject root = QJsonDocument::fromJson(json, &parseError).object();
    if (parseError.error != QJsonParseError::NoError ||
        root.value(QLatin1String("type")).toString() != QLatin1String("project")) {
        *error = QStringLiteral("The Django project's description could not be read (%1).")
                     .arg(parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                       : QStringLiteral("no project object"));
        return {};
    }
    DjangoProject project;
    project.m_djangoVersion = root.value(QLatin1String("django")).toString();
    const QJsonObject user = root.value(QLatin1String("user_model")).toObject();
    project.m_userModel = user.value(QLatin1String("label")).toString();
    project.m_userTable = user.value(QLatin1String("table")).toString();
    project.m_database =
        databaseFrom(root.value(QLatin1String("database")).toObject(), &project.m_ignoredOptions,
                     &project.m_passedOnOptions, &project.m_databaseError);
    for (const QJsonValue &value : root.value(QLatin1String("profiles")).toArray()) {
        const QJsonObject object = value.toObject();
        DjangoModel model;
        model.appLabel = object.value(QLatin1String("app_label")).toString();
        model.name = object.value(QLatin1String("model")).toString();
        model.table = object.value(QLatin1String("table")).toString();
        model.linkColumn = object.value(QLatin1String("link_column")).toString();
        model.overridesSave = object.value(QLatin1String("overrides_save")).toBool();
        for (const QJsonValue &field : object.value(QLatin1String("fields")).toArray())
            model.fields.append(fieldFrom(field.toObject()));
        project.m_models.append(model);
    }
    project.m_valid = true;
    return project;
}

const DjangoModel *DjangoProject::modelFor(const TableName &table, const QString &linkColumn) const
{
    // Django's db_table may carry a schema ("schema\".\"table") only by a trick; the bare name is compared.
    for (const DjangoModel &model : m_models) {
        if ((model.table == table.name || model.table == table.display()) && model.linkColumn == linkColumn)
            return &model;
    }
    return nullptr;
}

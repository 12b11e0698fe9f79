#include "ProfileSchema.h"

#include "DatabaseEngine.h"

#include <QJsonArray>

QString quoteIdentifier(const QString &identifier)
{
    return DatabaseEngine::standardQuoted(identifier);
}

QString TableName::display() const
{
    if (schema.isEmpty() || schema == QLatin1String("public"))
        return name;
    return schema + QLatin1Char('.') + name;
}

QString TableName::quoted() const
{
    if (schema.isEmpty())
        return quoteIdentifier(name);
    return quoteIdentifier(schema) + QLatin1Char('.') + quoteIdentifier(name);
}

TableName TableName::fromUserText(const QString &text)
{
    const qsizetype dot = text.indexOf(QLatin1Char('.'));
    if (dot < 0)
        return {QString(), text};
    return {text.left(dot), text.mid(dot + 1)};
}

const ColumnInfo *ProfileSchema::profileColumn(const QString &name) const
{
    for (const auto &column : profileColumns) {
        if (column.name == name)
            return &column;
    }
    return nullptr;
}

QString columnFamilyName(ColumnFamily family)
{
    switch (family) {
    case ColumnFamily::Text:
        return QStringLiteral("text");
    case ColumnFamily::Integer:
        return QStringLiteral("integer");
    case ColumnFamily::Decimal:
        return QStringLiteral("decimal");
    case ColumnFamily::Boolean:
        return QStringLiteral("boolean");
    case ColumnFamily::Json:
        return QStringLiteral("json");
    case ColumnFamily::Date:
        return QStringLiteral("date");
    case ColumnFamily::DateTime:
        return QStringLiteral("datetime");
    case ColumnFamily::Time:
        return QStringLiteral("time");
    case ColumnFamily::Uuid:
        return QStringLiteral("uuid");
    case ColumnFamily::Binary:
        return QStringLiteral("binary");
    case ColumnFamily::Other:
        break;
    }
    return QStringLiteral("other");
}

QJsonObject ProfileSchema::toJson() const
{
    QJsonArray columns;
    for (const auto &column : profileColumns) {
        columns.append(QJsonObject{{QStringLiteral("name"), column.name},
                                   {QStringLiteral("type"), column.sqlType},
                                   {QStringLiteral("family"), columnFamilyName(column.family)},
                                   {QStringLiteral("nullable"), column.nullable},
                                   {QStringLiteral("default"), column.defaultSql},
                                   {QStringLiteral("primary_key"), column.primaryKey}});
    }
    return QJsonObject{{QStringLiteral("user_table"), userTable.display()},
                       {QStringLiteral("user_key"), userKey},
                       {QStringLiteral("profile_table"), profileTable.display()},
                       {QStringLiteral("link_column"), linkColumn},
                       {QStringLiteral("profile_key"), profileKey},
                       {QStringLiteral("profile_columns"), columns}};
}

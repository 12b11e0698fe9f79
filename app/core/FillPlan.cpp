#include "FillPlan.h"

#include "DatabaseEngine.h"
#include "DjangoProject.h"

#include <QDate>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTime>
#include <QUuid>

#include <limits>

namespace {

ColumnFill fillFor(const ColumnInfo &column)
{
    ColumnFill fill;
    fill.column = column.name;
    fill.family = column.family;
    fill.sqlType = column.sqlType;
    return fill;
}

// Django's own empty value for a NOT NULL column of this family, or an invalid QVariant when it has none.
QVariant emptyValueFor(ColumnFamily family)
{
    switch (family) {
    case ColumnFamily::Text:
        return QString(QLatin1String(""));
    case ColumnFamily::Integer:
    case ColumnFamily::Decimal:
        return 0;
    case ColumnFamily::Boolean:
        return false;
    case ColumnFamily::Json:
        return QStringLiteral("{}");
    default:
        return {};
    }
}

// Checks a --set value against the column's type and returns it in the form the database stores; an invalid
// QVariant and `error` set when the value does not fit.
QVariant convertAssignment(const ColumnInfo &column, const QString &text, QString *error)
{
    const auto refuse = [&](const QString &expected) -> QVariant {
        *error = QStringLiteral("The value \"%1\" given for column \"%2\" is not %3.")
                     .arg(text, column.name, expected);
        return {};
    };
    switch (column.family) {
    case ColumnFamily::Text:
        if (column.maxLength >= 0 && text.size() > column.maxLength) {
            *error = QStringLiteral(
                         "The value given for column \"%1\" is %2 characters long; the column holds %3.")
                         .arg(column.name)
                         .arg(text.size())
                         .arg(column.maxLength);
            return {};
        }
        return text;
    case ColumnFamily::Integer: {
        bool ok = false;
        const qlonglong number = text.trimmed().toLongLong(&ok);
        if (!ok)
            return refuse(QStringLiteral("a whole number"));
        // The column's own range (Django's too, on every backend): otherwise PostgreSQL fails the whole run
        // with "integer out of range", which names no column, and SQLite stores what Django then refuses.
        const QString type = column.sqlType.toLower();
        const bool small = type.contains(QLatin1String("smallint")) || type.contains(QLatin1String("int2"));
        const bool big = type.contains(QLatin1String("bigint")) || type.contains(QLatin1String("int8"));
        const qlonglong limit = small ? 32767 : (big ? std::numeric_limits<qlonglong>::max() : 2147483647);
        if (number > limit || number < -limit - 1)
            return refuse(QStringLiteral("a whole number from %1 to %2").arg(-limit - 1).arg(limit));
        return number;
    }
    case ColumnFamily::Decimal: {
        bool ok = false;
        text.trimmed().toDouble(&ok);
        return ok ? QVariant(text.trimmed()) : refuse(QStringLiteral("a number"));
    }
    case ColumnFamily::Boolean: {
        const QString word = text.trimmed().toLower();
        static const QStringList yes{QStringLiteral("true"), QStringLiteral("t"), QStringLiteral("yes"),
                                     QStringLiteral("1"), QStringLiteral("on")};
        static const QStringList no{QStringLiteral("false"), QStringLiteral("f"), QStringLiteral("no"),
                                    QStringLiteral("0"), QStringLiteral("off")};
        if (yes.contains(word))
            return true;
        if (no.contains(word))
            return false;
        return refuse(QStringLiteral("true or false"));
    }
    case ColumnFamily::Json: {
        QJsonParseError parseError;
        QJsonDocument::fromJson(QByteArray("[") + text.toUtf8() + QByteArray("]"), &parseError);
        return parseError.error == QJsonParseError::NoError ? QVariant(text)
                                                            : refuse(QStringLiteral("valid JSON"));
    }
    case ColumnFamily::Date: {
        const QDate date = QDate::fromString(text.trimmed(), Qt::ISODate);
        return date.isValid() ? QVariant(date.toString(Qt::ISODate))
                              : refuse(QStringLiteral("a date (YYYY-MM-DD)"));
    }
    case ColumnFamily::DateTime: {
        const QDateTime moment = QDateTime::fromString(text.trimmed(), Qt::ISODateWithMs);
        return moment.isValid() ? QVariant(text.trimmed())
                                : refuse(QStringLiteral("a date and time (YYYY-MM-DD HH:MM:SS)"));
    }
    case ColumnFamily::Time: {
        const QTime time = QTime::fromString(text.trimmed(), Qt::ISODateWithMs);
        return time.isValid() ? QVariant(text.trimmed()) : refuse(QStringLiteral("a time (HH:MM:SS)"));
    }
    case ColumnFamily::Uuid: {
        const QUuid uuid = QUuid::fromString(text.trimmed());
        return uuid.isNull() ? refuse(QStringLiteral("a UUID")) : QVariant(text.trimmed());
    }
    case ColumnFamily::Binary:
    case ColumnFamily::Other:
        return text;
    }
    return text;
}

// Fills `fill` with what the Django model gives `column`, reason "from the model"; false when the model gives
// it nothing (no default), so the rules that guess from the type apply.
bool fromModel(const DjangoField &field, const ColumnInfo &column, const DatabaseEngine &engine,
               ColumnFill *fill, QStringList *errors)
{
    const QString because = QStringLiteral("from the model: ");
    if (field.autoNow || field.autoNowAdd) {
        const QString expression = engine.perRowExpression(column.family, column.sqlType);
        if (expression.isEmpty())
            return false;
        fill->kind = ColumnFill::Kind::Expression;
        fill->expression = expression;
        fill->reason = because +
                       (field.autoNow ? QStringLiteral("auto_now") : QStringLiteral("auto_now_add")) +
                       QStringLiteral(", the current time");
        return true;
    }
    switch (field.defaultKind) {
    case DjangoField::Default::None:
        return false;
    case DjangoField::Default::Unsupported:
        fill->kind = ColumnFill::Kind::ModelOnly;
        fill->reason =
            because + QStringLiteral("default %1, which cannot be mapped to SQL").arg(field.callable);
        return true;
    case DjangoField::Default::Callable: {
        const QString emptyJson = field.callable == QLatin1String("dict")   ? QStringLiteral("{}")
                                  : field.callable == QLatin1String("list") ? QStringLiteral("[]")
                                                                            : QString();
        if (!emptyJson.isEmpty() && column.family == ColumnFamily::Json) {
            fill->kind = ColumnFill::Kind::Value;
            fill->value = emptyJson;
        } else if (const QString expression =
                       engine.pythonDefaultExpression(field.callable, column.family, column.sqlType);
                   !expression.isEmpty()) {
            fill->kind = ColumnFill::Kind::Expression;
            fill->expression = expression;
        } else {
            fill->kind = ColumnFill::Kind::ModelOnly;
            fill->reason =
                because + QStringLiteral("default %1(), which cannot be mapped to SQL").arg(field.callable);
            return true;
        }
        fill->reason = because + QStringLiteral("default %1()").arg(field.callable);
        return true;
    }
    case DjangoField::Default::Constant:
        break;
    }
    fill->reason = because + QStringLiteral("default %1").arg(field.describeDefault());
    if (field.constant.isNull()) {
        fill->kind = ColumnFill::Kind::Null;
        return true;
    }
    // The same check as a value given with --set: a model constant the column cannot hold is an error.
    const QString text = field.constant.isBool()
                             ? (field.constant.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                         : field.constant.isDouble() ? field.constant.toVariant().toString()
                                                     : field.constant.toString();
    QString error;
    fill->kind = ColumnFill::Kind::Value;
    fill->value = convertAssignment(column, text, &error);
    if (!error.isEmpty())
        errors->append(QStringLiteral("The model's default does not fit: %1").arg(error));
    return true;
}

} // namespace

QString ColumnFill::displayValue() const
{
    switch (kind) {
    case Kind::Link:
        return QStringLiteral("(the user's key)");
    case Kind::DatabaseDefault:
        return QStringLiteral("DEFAULT");
    case Kind::Null:
        return QStringLiteral("NULL");
    case Kind::Expression:
        return expression;
    case Kind::ModelOnly:
        return QStringLiteral("(Python)");
    case Kind::Value:
        break;
    }
    if (value.typeId() == QMetaType::Bool)
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.typeId() == QMetaType::Int || value.typeId() == QMetaType::LongLong)
        return value.toString();
    QString text = value.toString();
    text.replace(QLatin1Char('\''), QLatin1String("''"));
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

FillPlan FillPlan::build(const ProfileSchema &schema, const QSqlDatabase &db,
                         const QMap<QString, QString> &overrides)
{
    return build(schema, DatabaseEngine::of(db), overrides);
}

FillPlan FillPlan::build(const ProfileSchema &schema, const DatabaseEngine &engine,
                         const QMap<QString, QString> &overrides)
{
    return build(schema, engine, overrides, nullptr);
}

FillPlan FillPlan::build(const ProfileSchema &schema, const DatabaseEngine &engine,
                         const QMap<QString, QString> &overrides, const DjangoModel *model)
{
    FillPlan plan;
    QStringList modelOnly;
    QStringList errors;
    for (auto it = overrides.cbegin(); it != overrides.cend(); ++it) {
        if (!schema.profileColumn(it.key()))
            errors << QStringLiteral("The profile table %1 has no column \"%2\" (given with --set).")
                          .arg(schema.profileTable.display(), it.key());
        else if (it.key() == schema.linkColumn)
            errors << QStringLiteral("Column \"%1\" is the link to the user and cannot be set with --set.")
                          .arg(it.key());
    }

    for (const auto &column : schema.profileColumns) {
        ColumnFill fill = fillFor(column);
        if (column.name == schema.linkColumn) {
            fill.kind = ColumnFill::Kind::Link;
            fill.reason = QStringLiteral("link to %1.%2").arg(schema.userTable.display(), schema.userKey);
        } else if (overrides.contains(column.name)) {
            QString error;
            fill.value = convertAssignment(column, overrides.value(column.name), &error);
            if (!error.isEmpty())
                errors << error;
            fill.kind = ColumnFill::Kind::Value;
            fill.overridden = true;
            fill.reason = QStringLiteral("set by you");
        } else if (column.autoGenerated) {
            fill.kind = ColumnFill::Kind::DatabaseDefault;
            fill.reason = QStringLiteral("numbered by the database");
        } else if (const DjangoField *field = model ? model->field(column.name) : nullptr;
                   field && fromModel(*field, column, engine, &fill, &errors)) {
            if (fill.kind == ColumnFill::Kind::ModelOnly)
                modelOnly << QStringLiteral("\"%1\" (default %2)").arg(column.name, field->describeDefault());
        } else if (!column.defaultSql.isEmpty()) {
            fill.kind = ColumnFill::Kind::DatabaseDefault;
            fill.reason = QStringLiteral("database default %1").arg(column.defaultSql);
        } else if (column.nullable) {
            fill.kind = ColumnFill::Kind::Null;
            fill.reason = QStringLiteral("nullable");
        } else if (column.primaryKey && column.family != ColumnFamily::Uuid) {
            errors << QStringLiteral(
                          "The primary key \"%1\" of %2 has no default, so new rows cannot be numbered; "
                          "give the column a default in the database.")
                          .arg(column.name, schema.profileTable.display());
            continue;
        } else if (const QVariant empty = emptyValueFor(column.family); empty.isValid()) {
            fill.kind = ColumnFill::Kind::Value;
            fill.value = empty;
            fill.reason = QStringLiteral("NOT NULL %1 without default: Django's empty value")
                              .arg(columnFamilyName(column.family));
        } else if (const QString expression = engine.perRowExpression(column.family, column.sqlType);
                   !expression.isEmpty()) {
            fill.kind = ColumnFill::Kind::Expression;
            fill.expression = expression;
            fill.reason = column.family == ColumnFamily::Uuid
                              ? QStringLiteral("NOT NULL uuid without default: a fresh UUID per row")
                              : QStringLiteral("NOT NULL %1 without default: the current time")
                                    .arg(columnFamilyName(column.family));
        } else {
            errors << QStringLiteral(
                          "Column \"%1\" (%2) is NOT NULL without a default and has no value Django would "
                          "accept by itself; give one with --set %1=VALUE.")
                          .arg(column.name, column.sqlType);
            continue;
        }
        plan.m_columns.append(fill);
    }
    plan.m_error = errors.join(QLatin1Char(' '));
    if (!modelOnly.isEmpty())
        plan.m_modelOnly =
            QStringLiteral("The model %1 fills %2 with Python code that SQL cannot run; create the profiles "
                           "through Django with fix --via-django, or give %3 with --set.")
                .arg(model->label(), modelOnly.join(QStringLiteral(", ")),
                     modelOnly.size() == 1 ? QStringLiteral("its value") : QStringLiteral("their values"));
    return plan;
}

QJsonArray FillPlan::toJson() const
{
    QJsonArray columns;
    for (const auto &fill : m_columns) {
        static const char *const kinds[] = {"link", "default", "null", "value", "expression", "model-only"};
        QJsonObject object{{QStringLiteral("column"), fill.column},
                           {QStringLiteral("type"), fill.sqlType},
                           {QStringLiteral("kind"), QLatin1String(kinds[static_cast<int>(fill.kind)])},
                           {QStringLiteral("value"), fill.displayValue()},
                           {QStringLiteral("reason"), fill.reason}};
        if (fill.overridden)
            object.insert(QStringLiteral("overridden"), true);
        columns.append(object);
    }
    return columns;
}

QMap<QString, QString> FillPlan::parseAssignments(const QStringList &assignments, QString *error)
{
    QMap<QString, QString> result;
    for (const auto &assignment : assignments) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            *error = QStringLiteral("--set takes COLUMN=VALUE, not \"%1\".").arg(assignment);
            return {};
        }
        result.insert(assignment.left(equals), assignment.mid(equals + 1));
    }
    return result;
}

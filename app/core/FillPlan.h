#pragma once

#include "ProfileSchema.h"

#include <QJsonArray>
#include <QList>
#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

class DatabaseEngine;
struct DjangoModel;

// The value one profile column gets in a new profile, and why.
struct ColumnFill
{
    enum class Kind {
        Link,            // the user's key
        DatabaseDefault, // column left out of the INSERT: serial, identity, DEFAULT ...
        Null,
        Value,      // a bound constant (Django's empty value, or the user's --set)
        Expression, // a per-row SQL expression chosen by us, never by the user: now, a fresh UUID
        ModelOnly   // the model's default is Python code SQL cannot run: only the site's ORM can fill it
    };
    QString column;
    Kind kind = Kind::Null;
    QVariant value;     // Kind::Value
    QString expression; // Kind::Expression, driver-specific SQL without user input
    QString reason;     // for the plan shown to people
    bool overridden = false;
    ColumnFamily family = ColumnFamily::Other;
    QString sqlType;

    // How the value reads in a plan: 'text', 0, NULL, DEFAULT, now, ...
    QString displayValue() const;
};

// For every column of the profile table, the value a new profile gets (docs/architecture.md, "Data rules").
// Built from the discovered schema plus the user's overrides; a column that cannot be filled makes the plan
// invalid with a message naming it.
class FillPlan
{
public:
    static FillPlan build(const ProfileSchema &schema, const QSqlDatabase &db,
                          const QMap<QString, QString> &overrides = {});
    // The same for `engine`, whose per-row expressions fill the columns only the database can fill.
    static FillPlan build(const ProfileSchema &schema, const DatabaseEngine &engine,
                          const QMap<QString, QString> &overrides = {});
    // The same, taking the Django model's own defaults (constants, the callables SQL can do, auto_now and
    // auto_now_add) before the rules that guess from the column's type.
    static FillPlan build(const ProfileSchema &schema, const DatabaseEngine &engine,
                          const QMap<QString, QString> &overrides, const DjangoModel *model);

    // Valid: SQL can create the profiles as planned.
    bool isValid() const { return m_error.isEmpty() && m_modelOnly.isEmpty(); }
    QString errorText() const
    {
        return m_error.isEmpty()
                   ? m_modelOnly
                   : (m_modelOnly.isEmpty() ? m_error : m_error + QLatin1Char(' ') + m_modelOnly);
    }
    // The plan's only problem is a model default that only the site's ORM can compute (fix --via-django).
    bool needsDjangoOnly() const { return m_error.isEmpty() && !m_modelOnly.isEmpty(); }
    const QList<ColumnFill> &columns() const { return m_columns; }
    QJsonArray toJson() const;

    // Parses repeated "COLUMN=VALUE" arguments; on a malformed one sets `error`.
    static QMap<QString, QString> parseAssignments(const QStringList &assignments, QString *error);

private:
    QList<ColumnFill> m_columns;
    QString m_error;
    QString m_modelOnly; // why SQL cannot fill some column as the model would
};

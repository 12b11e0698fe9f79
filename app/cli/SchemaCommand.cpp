#include "SchemaCommand.h"

#include <QJsonArray>

QString SchemaCommand::summary() const
{
    return QStringLiteral(
        "Show the user table, every profile table and link column found, and the value each "
        "profile column gets in a new profile.");
}

void SchemaCommand::printPlan(QTextStream &stream, const ProfileSchema &schema, const FillPlan &plan,
                              const QString &note)
{
    stream << "user table:    " << schema.userTable.display() << " (key " << schema.userKey << ")\n"
           << "profile table: " << schema.profileTable.display() << note << '\n'
           << "link column:   " << schema.linkColumn << '\n'
           << "new profiles get:\n";
    qsizetype nameWidth = 6;
    qsizetype valueWidth = 5;
    for (const auto &fill : plan.columns()) {
        nameWidth = qMax(nameWidth, fill.column.size());
        valueWidth = qMax(valueWidth, fill.displayValue().size());
    }
    for (const auto &fill : plan.columns()) {
        stream << "  " << fill.column.leftJustified(nameWidth) << "  "
               << fill.displayValue().leftJustified(valueWidth) << "  " << fill.reason << '\n';
    }
    stream.flush();
}

QString SchemaCommand::tableNote(const QList<TablePlan> &tables, const TablePlan &table)
{
    if (tables.size() < 2)
        return {};
    return table.primary ? QStringLiteral(" (primary, of %1 profile tables)").arg(tables.size())
                         : QStringLiteral(" (of %1 profile tables)").arg(tables.size());
}

QString SchemaCommand::planErrors(const QList<TablePlan> &tables)
{
    return planErrors(tables, true);
}

QString SchemaCommand::planErrors(const QList<TablePlan> &tables, bool includeModelOnly)
{
    QStringList errors;
    for (const TablePlan &table : tables) {
        if (table.plan.isValid() || (!includeModelOnly && table.plan.needsDjangoOnly()))
            continue;
        errors << (tables.size() > 1 ? table.schema.profileTable.display() + QStringLiteral(": ")
                                     : QString()) +
                      table.plan.errorText();
    }
    return errors.join(QLatin1Char(' '));
}

int SchemaCommand::run(DatabaseSession & /*session*/, const QList<TablePlan> &tables)
{
    if (json()) {
        QJsonObject object;
        QJsonArray perTable;
        for (const TablePlan &table : tables) {
            QJsonObject entry = table.schema.toJson();
            entry.insert(QStringLiteral("plan"), table.plan.toJson());
            entry.insert(QStringLiteral("primary"), table.primary);
            if (table.plan.needsDjangoOnly())
                entry.insert(QStringLiteral("needs_django"), table.plan.errorText());
            else if (!table.plan.isValid())
                entry.insert(QStringLiteral("error"), table.plan.errorText());
            perTable.append(entry);
            // The top-level keys describe the primary table, as they did when there was only one.
            if (table.primary || object.isEmpty())
                object = entry;
        }
        object.remove(QStringLiteral("primary"));
        object.remove(QStringLiteral("error"));
        object.remove(QStringLiteral("needs_django"));
        // A default only the site's ORM can compute is no error of `schema`: the plan says so, and fix
        // --via-django can create such profiles.
        const QString errors = planErrors(tables, false);
        if (!errors.isEmpty())
            object.insert(QStringLiteral("error"), errors);
        object.insert(QStringLiteral("tables"), perTable);
        printJson(object);
    }
    bool first = true;
    for (const TablePlan &table : tables) {
        if (!first)
            human() << '\n';
        first = false;
        printPlan(human(), table.schema, table.plan, tableNote(tables, table));
        if (table.plan.needsDjangoOnly())
            human() << "note: " << table.plan.errorText() << Qt::endl;
    }
    const QString errors = planErrors(tables, false);
    return errors.isEmpty() ? Success : fail(errors);
}

#include "SchemaCommand.h"

QString SchemaCommand::summary() const
{
    return QStringLiteral("Show the user table, the profile table and link column found, and the value each "
                          "profile column gets in a new profile.");
}

void SchemaCommand::printPlan(QTextStream &stream, const ProfileSchema &schema, const FillPlan &plan)
{
    stream << "user table:    " << schema.userTable.display() << " (key " << schema.userKey << ")\n"
           << "profile table: " << schema.profileTable.display() << '\n'
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

int SchemaCommand::run(DatabaseSession &session, const FillPlan &plan)
{
    const ProfileSchema &schema = session.schema();
    if (json()) {
        QJsonObject object = schema.toJson();
        object.insert(QStringLiteral("plan"), plan.toJson());
        if (!plan.isValid())
            object.insert(QStringLiteral("error"), plan.errorText());
        printJson(object);
    }
    printPlan(human(), schema, plan);
    return plan.isValid() ? Success : fail(plan.errorText());
}
